import Testing
@testable import Providers

/// Counts how many holders overlap.
private actor Gauge {
    private(set) var current = 0
    private(set) var highest = 0
    private(set) var finished = 0
    private(set) var order: [Int] = []

    func enter() {
        current += 1
        highest = max(highest, current)
    }

    func leave() {
        current -= 1
        finished += 1
    }

    func record(_ value: Int) { order.append(value) }
}

/// Polls `condition` until it holds or 5 s have passed.
private func eventually(_ condition: () async -> Bool) async throws -> Bool {
    for _ in 0..<5_000 {
        if await condition() { return true }
        try await Task.sleep(for: .milliseconds(1))
    }
    return await condition()
}

@Suite struct ConcurrencyLimiterTests {
    @Test func neverExceedsItsLimitUnderFiftyTasks() async throws {
        let limiter = ConcurrencyLimiter(limit: 3)
        let gauge = Gauge()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<50 {
                group.addTask {
                    try await limiter.withPermit {
                        await gauge.enter()
                        try await Task.sleep(for: .milliseconds(2))
                        await Task.yield()
                        await gauge.leave()
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(await gauge.highest <= 3)
        #expect(await gauge.highest >= 1)
        #expect(await gauge.finished == 50)
        #expect(await limiter.inUse == 0)
        #expect(await limiter.waiting == 0)
    }

    @Test func permitsUpToTheLimitAreGrantedAtOnce() async throws {
        let limiter = ConcurrencyLimiter(limit: 3)
        for _ in 0..<3 { try await limiter.acquire() }
        #expect(await limiter.inUse == 3)
        for _ in 0..<5 { await limiter.release() }
        #expect(await limiter.inUse == 0)
        #expect(ConcurrencyLimiter(limit: 0).limit == 1)
    }

    @Test func waitersAreServedInOrder() async throws {
        let limiter = ConcurrencyLimiter(limit: 1)
        let gauge = Gauge()
        try await limiter.acquire()
        var tasks: [Task<Void, any Error>] = []
        for number in 0..<4 {
            tasks.append(Task {
                try await limiter.acquire()
                await gauge.record(number)
                await limiter.release()
            })
            #expect(try await eventually { await limiter.waiting == number + 1 })
        }
        await limiter.release()
        for task in tasks { try await task.value }
        #expect(await gauge.order == [0, 1, 2, 3])
        #expect(await limiter.inUse == 0)
    }

    @Test func aCancelledWaiterLeavesTheQueueAndThrows() async throws {
        let limiter = ConcurrencyLimiter(limit: 1)
        try await limiter.acquire()
        let waiter = Task { try await limiter.acquire() }
        #expect(try await eventually { await limiter.waiting == 1 })
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        #expect(await limiter.waiting == 0)
        #expect(await limiter.inUse == 1)
        await limiter.release()
        #expect(await limiter.inUse == 0)
        try await limiter.acquire()
        #expect(await limiter.inUse == 1)
    }

    @Test func anAlreadyCancelledTaskDoesNotWaitOrTakeAPermit() async throws {
        let limiter = ConcurrencyLimiter(limit: 1)
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            try await limiter.acquire()
        }
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(await limiter.inUse == 0)
    }

    @Test func withPermitReleasesWhenTheBodyThrows() async throws {
        struct Boom: Error {}
        let limiter = ConcurrencyLimiter(limit: 1)
        await #expect(throws: Boom.self) { try await limiter.withPermit { throw Boom() } }
        #expect(await limiter.inUse == 0)
        #expect(try await limiter.withPermit { 42 } == 42)
    }
}
