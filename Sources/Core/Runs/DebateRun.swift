import Foundation

/// A stored multi-model run: one prompt sent to several models, their debate, the master
/// model's synthesis (a message in `sessionID`) and the narrative summary.
///
/// Invariants: `id` is shared with every other kind of run (`runs.id`); `promptMessageID`
/// is the person's prompt in the session; `synthesisMessageID` is set once the synthesis
/// started. A plain value, as the store returns it.
public struct DebateRun: Sendable, Hashable, Codable, Identifiable {
    public var id: Int64
    public var sessionID: Int64
    public var prompt: String
    public var promptMessageID: Int64?
    public var status: RunStatus
    /// Why the run failed, when it did.
    public var error: String?
    /// Something the person should know that is not an error (for example "the debate was
    /// skipped: only one model answered").
    public var note: String?
    public var master: ModelRef
    public var synthesisMessageID: Int64?
    public var summary: RunSummary
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: Int64, sessionID: Int64, prompt: String, promptMessageID: Int64?, status: RunStatus,
                error: String?, note: String?, master: ModelRef, synthesisMessageID: Int64?, summary: RunSummary,
                createdAt: Date, updatedAt: Date) {
        self.id = id
        self.sessionID = sessionID
        self.prompt = prompt
        self.promptMessageID = promptMessageID
        self.status = status
        self.error = error
        self.note = note
        self.master = master
        self.synthesisMessageID = synthesisMessageID
        self.summary = summary
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// A multi-model run with its per-model entries in position order (no message text: threads
/// load on demand). A plain value.
public struct DebateRunDetail: Sendable, Hashable, Codable {
    public var run: DebateRun
    public var entries: [DebateEntry]

    public init(run: DebateRun, entries: [DebateEntry]) {
        self.run = run
        self.entries = entries
    }
}
