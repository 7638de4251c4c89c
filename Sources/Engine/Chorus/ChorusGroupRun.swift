import Core

/// A chorus run group in progress (a first run or a re-run of its failed artists).
///
/// `events` is the group's one stream (unbounded, one consumer), from `.started` to
/// `.finished`; every change is stored before it is emitted. Sendable: any task may hold
/// it, `cancel` it or await `result()`.
public final class ChorusGroupRun: Sendable {
    public let groupID: Int64
    public let sessionID: Int64
    public let events: AsyncStream<ChorusEvent>
    private let task: Task<ChorusGroupDetail, any Error>

    init(groupID: Int64, sessionID: Int64, events: AsyncStream<ChorusEvent>, task: Task<ChorusGroupDetail, any Error>) {
        self.groupID = groupID
        self.sessionID = sessionID
        self.events = events
        self.task = task
    }

    /// Stops the group: calls in flight are cancelled, queued runs never start; all of them
    /// end `failed` ("cancelled") and the group `cancelled`. Returns at once.
    public func cancel() {
        task.cancel()
    }

    /// The group as stored once it is terminal. Throws only a database error.
    public func result() async throws -> ChorusGroupDetail {
        try await task.value
    }
}
