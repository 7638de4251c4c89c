import Core
import Foundation
import Testing
import TerminalIO
import UI

/// The real loop (`Studio.run`) driven through the headless backend: scripted keys in, cells out.
@Suite struct StudioLoopTests {
    static let utc = TimeZone(identifier: "UTC") ?? .current

    @Test func typingSendsAndEngineEventsAppearOnScreen() async throws {
        let log = EffectLog()
        let (messages, sink) = AsyncStream<AppMessage>.makeStream()
        let terminal = HeadlessTerminal(script: HeadlessTerminal.Step.type("paint fog") + [
            .key(KeyEvent(.enter)),
            .wait("paint fog"),
            .wait("Luna"),
            .wait("grey water"),
            .key(.ctrl("q")),
        ])
        let final = try await Studio.run(initialState: AppState(timeZone: Self.utc), messages: messages, handleEffect: { effect in
            log.record(effect)
            if effect == .sendMessage("paint fog") {
                sink.yield(.event(.phaseChanged(.ideation)))
                sink.yield(.event(.messageStarted(id: 1, speaker: .specialist(.luna), model: "ollama:llama3.2", card: nil)))
                for word in ["Soft ", "light ", "over ", "grey ", "water"] { sink.yield(.event(.messageDelta(id: 1, text: word))) }
            }
        }, terminal: terminal)
        #expect(terminal.failures.isEmpty, "\(terminal.failures)")
        #expect(log.all == [.sendMessage("paint fog"), .quit])
        #expect(final.isQuitting)
        let frame = render(final, final.size)
        #expect(terminal.screen.text == frame.text)
        #expect(terminal.screen.cells == frame.cells, "drawing the diffs reproduces the last frame, styles too")
        #expect(terminal.cursor == frame.cursor)
        #expect(!terminal.isStarted, "the terminal was given back")
    }

    @Test func aFloodOfDeltasIsCoalescedIntoFewFrames() async throws {
        let (messages, sink) = AsyncStream<AppMessage>.makeStream()
        sink.yield(.event(.messageStarted(id: 1, speaker: .model("m"), model: nil, card: nil)))
        for index in 0..<3000 { sink.yield(.event(.messageDelta(id: 1, text: "w\(index) "))) }
        sink.yield(.event(.messageFinished(id: 1)))
        sink.yield(.event(.systemNote("flood done", .info)))
        let terminal = HeadlessTerminal(script: [.wait("flood done"), .key(.ctrl("q"))])
        let started = ContinuousClock.now
        _ = try await Studio.run(initialState: AppState(), messages: messages, handleEffect: { _ in }, terminal: terminal)
        let elapsed = ContinuousClock.now - started
        #expect(terminal.failures.isEmpty, "\(terminal.failures)")
        let allowed = Int(elapsed / .milliseconds(16)) + 3
        #expect(terminal.frames <= allowed, "\(terminal.frames) frames in \(elapsed) for 3002 messages")
        #expect(terminal.frames < 300)
    }

    @Test func onlyChangedCellsAreDrawnAfterTheFirstFrame() async throws {
        let terminal = HeadlessTerminal(script: [.wait("Type a request"), .key(.char("x")), .wait("› x"), .key(.ctrl("q"))])
        _ = try await Studio.run(initialState: AppState(), events: AsyncStream { $0.finish() }, handleEffect: { _ in }, terminal: terminal)
        #expect(terminal.failures.isEmpty, "\(terminal.failures)")
        // First frame: the whole 80x24 screen. Then "x" replaces the placeholder text on one row.
        #expect(terminal.cellsWritten >= 80 * 24)
        #expect(terminal.cellsWritten <= 80 * 24 + 80 * 2)
    }

    @Test func aResizeRedrawsAtTheNewSize() async throws {
        let terminal = HeadlessTerminal(script: [
            .wait("Conversation"),
            .input(.resize(Size(width: 120, height: 40))),
            .waitUntil("120 wide", timeout: .seconds(5)) { $0.components(separatedBy: "\n").first?.count == 120 },
            .key(.ctrl("q")),
        ])
        let final = try await Studio.run(initialState: AppState(), events: AsyncStream { $0.finish() }, handleEffect: { _ in }, terminal: terminal)
        #expect(terminal.failures.isEmpty, "\(terminal.failures)")
        #expect(final.size == Size(width: 120, height: 40))
        #expect(terminal.screen.size == Size(width: 120, height: 40))
        #expect(terminal.screen.lines()[39].contains("Enter send"))
    }

    @Test func quittingWaitsForTheQuitEffectThenReturns() async throws {
        let committed = EffectLog()
        let terminal = HeadlessTerminal(script: [.key(.ctrl("q"))])
        _ = try await Studio.run(initialState: AppState(), events: AsyncStream { $0.finish() }, handleEffect: { effect in
            try? await Task.sleep(for: .milliseconds(50))
            committed.record(effect)
        }, terminal: terminal)
        #expect(committed.all == [.quit], "the app committed before the terminal was given back")
    }

    @Test func aSignalQuitsAndTheEndOfTheScriptHangsUp() async throws {
        let (messages, sink) = AsyncStream<AppMessage>.makeStream()
        sink.yield(.terminate(signal: 15))
        let log = EffectLog()
        let terminal = HeadlessTerminal(script: [.wait("never shown")])
        _ = try await Studio.run(initialState: AppState(), messages: messages, handleEffect: { log.record($0) }, terminal: terminal)
        #expect(log.all == [.quit])
        let hungUp = HeadlessTerminal(script: HeadlessTerminal.Step.type("abc"))
        let state = try await Studio.run(initialState: AppState(), events: AsyncStream { $0.finish() }, handleEffect: { _ in }, terminal: hungUp)
        #expect(state.isQuitting && state.input.text == "abc")
    }

    @Test func aWaitThatTimesOutEndsTheRunWithTheScreen() async throws {
        let terminal = HeadlessTerminal(script: [.waitFor("not on screen", timeout: .milliseconds(100)), .key(.char("z"))])
        let state = try await Studio.run(initialState: AppState(), events: AsyncStream { $0.finish() }, handleEffect: { _ in }, terminal: terminal)
        #expect(terminal.failures.count == 1)
        #expect(terminal.failures.first?.contains("Conversation") == true)
        #expect(state.input.isEmpty)
    }
}
