import Testing
import TerminalIO

@Suite struct FrameSchedulerTests {
    @Test func manyMessagesInOneTurnMakeOneFrame() {
        var scheduler = FrameScheduler()
        var renders = 0
        var now = Duration.zero
        for turn in 0..<100 {
            for _ in 0..<50 { scheduler.markDirty() }  // 50 deltas arrived during this turn
            if scheduler.shouldDraw(at: now) {
                renders += 1
                scheduler.didDraw(at: now)
            }
            now += .milliseconds(turn % 2 == 0 ? 4 : 5)
        }
        // 100 turns over ~450 ms with 5000 changes: at most one frame per 16 ms.
        #expect(renders >= 20 && renders <= 29)
    }

    @Test func aFrameIsDrawnOnlyWhenOwed() {
        var scheduler = FrameScheduler()
        #expect(scheduler.shouldDraw(at: .zero))
        scheduler.didDraw(at: .zero)
        #expect(!scheduler.shouldDraw(at: .seconds(1)))
        scheduler.markDirty()
        #expect(!scheduler.shouldDraw(at: .milliseconds(1_000) - .milliseconds(999)))
        #expect(scheduler.shouldDraw(at: .seconds(1)))
    }

    @Test func ticksComeEveryInterval() {
        var scheduler = FrameScheduler(tickInterval: .milliseconds(100))
        let ticks = [50, 100, 150, 230].map { scheduler.takeTick(at: .milliseconds($0)) }
        #expect(ticks == [false, true, false, true])
    }

    @Test func inputWaitsNoLongerThanTheNextFrameOrTick() {
        var scheduler = FrameScheduler()
        #expect(scheduler.inputWait(at: .zero, limit: .milliseconds(10)) == .zero, "the first frame is owed now")
        scheduler.didDraw(at: .zero)
        #expect(scheduler.inputWait(at: .milliseconds(1), limit: .milliseconds(10)) == .milliseconds(10))
        scheduler.markDirty()
        #expect(scheduler.inputWait(at: .milliseconds(10), limit: .milliseconds(10)) == .milliseconds(6))
        #expect(scheduler.inputWait(at: .milliseconds(95), limit: .milliseconds(50)) == .zero)
    }
}

@Suite struct FrameSchedulerUrgencyTests {
    @Test func inputIsDrawnAtOnceWhateverTheInterval() {
        var scheduler = FrameScheduler()
        scheduler.didDraw(at: .milliseconds(100))
        scheduler.markDirty()
        #expect(!scheduler.shouldDraw(at: .milliseconds(101)), "a stream's change waits for the frame slot")
        scheduler.markUrgent()
        #expect(scheduler.shouldDraw(at: .milliseconds(101)), "a key does not")
        #expect(scheduler.inputWait(at: .milliseconds(101), limit: .milliseconds(10)) == .zero)
        scheduler.didDraw(at: .milliseconds(101))
        #expect(!scheduler.isUrgent && !scheduler.isDirty)
        scheduler.markDirty()
        #expect(!scheduler.shouldDraw(at: .milliseconds(110)))
        #expect(scheduler.shouldDraw(at: .milliseconds(117)))
    }
}

@Suite struct FrameSchedulerCostTests {
    @Test func costlyFramesAreSpacedButKeysAreNot() {
        var scheduler = FrameScheduler()
        for _ in 0..<20 { scheduler.noteFrameCost(.milliseconds(10)) }
        #expect(scheduler.effectiveInterval == .milliseconds(40), "four frame costs")
        scheduler.didDraw(at: .zero)
        scheduler.markDirty()
        #expect(!scheduler.shouldDraw(at: .milliseconds(30)))
        #expect(scheduler.shouldDraw(at: .milliseconds(40)))
        scheduler.markUrgent()
        #expect(scheduler.shouldDraw(at: .milliseconds(1)))
        for _ in 0..<40 { scheduler.noteFrameCost(.seconds(1)) }
        #expect(scheduler.effectiveInterval == FrameScheduler.slowestInterval)
        for _ in 0..<40 { scheduler.noteFrameCost(.microseconds(500)) }
        #expect(scheduler.effectiveInterval == .milliseconds(16), "cheap frames keep about 60 a second")
    }
}
