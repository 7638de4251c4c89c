/// An async semaphore: at most `limit` holders at once, the others wait in FIFO order.
/// One per provider bounds its concurrent requests.
///
/// Invariants: `inUse <= limit`; a permit freed while tasks wait goes to the longest waiter
/// directly; a waiting task that is cancelled leaves the queue and throws `CancellationError`
/// (a task cancelled after it got its permit keeps it and must release it). Any task may call
/// it; the state lives on this actor.
public actor ConcurrencyLimiter {
    public nonisolated let limit: Int
    /// Permits held now.
    public private(set) var inUse = 0
    private var waiters: [(id: UInt64, continuation: CheckedContinuation<Void, any Error>)] = []
    private var nextID: UInt64 = 0

    /// `limit` below 1 is taken as 1.
    public init(limit: Int) {
        self.limit = max(1, limit)
    }

    /// Tasks waiting for a permit now.
    public var waiting: Int { waiters.count }

    /// Waits for a permit. Throws `CancellationError` if the task is (or becomes) cancelled
    /// while waiting; then no permit is held.
    public func acquire() async throws {
        try Task.checkCancellation()
        if inUse < limit, waiters.isEmpty {
            inUse += 1
            return
        }
        let id = nextID
        nextID += 1
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                waiters.append((id, continuation))
            }
        } onCancel: {
            Task { await self.cancelWaiter(id) }
        }
    }

    /// Returns a permit: hands it to the first waiter, or frees it. A release without a held
    /// permit is ignored.
    public func release() {
        if !waiters.isEmpty {
            waiters.removeFirst().continuation.resume()
        } else if inUse > 0 {
            inUse -= 1
        }
    }

    /// Runs `body` holding a permit, and releases it however `body` ends.
    public func withPermit<T>(isolation: isolated (any Actor)? = #isolation,
                                          _ body: () async throws -> T) async throws -> T {
        try await acquire()
        do {
            let result = try await body()
            await release()
            return result
        } catch {
            await release()
            throw error
        }
    }

    private func cancelWaiter(_ id: UInt64) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        waiters.remove(at: index).continuation.resume(throwing: CancellationError())
    }
}
