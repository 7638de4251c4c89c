import Foundation

/// What a stored run is: a multi-model debate, a chorus run group, or a team session
/// listed as a run. Stored as its raw value in `runs.kind`; runs of every kind share one
/// id space, so `atelier runs show ID` needs no kind. A plain value.
public enum RunKind: String, Sendable, Hashable, Codable, CaseIterable {
    case debate
    case chorus
    case team
}

/// Where a whole run stands (a debate, or a chorus group).
///
/// `running` → (`synthesizing`, debates only) → `complete`; or `failed` (nothing usable came
/// out: no model answered, or the synthesis failed), `cancelled` (the person stopped it), or
/// `interrupted` (the process ended while it ran; set when a later process recovers it).
/// A plain value.
public enum RunStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case running
    case synthesizing
    case complete
    case failed
    case cancelled
    case interrupted

    /// No more work will happen on the run.
    public var isTerminal: Bool {
        switch self {
        case .running, .synthesizing: return false
        case .complete, .failed, .cancelled, .interrupted: return true
        }
    }
}

/// One line of `atelier runs list`: what, when, how far and how much, read with one cheap
/// query (no messages, no per-model text). A plain value.
public struct RunListItem: Sendable, Hashable, Codable, Identifiable {
    public var id: Int64
    public var kind: RunKind
    public var sessionID: Int64
    /// The prompt, cut to at most 120 characters.
    public var promptPreview: String
    public var status: RunStatus
    /// Per-model entries (debate) or artist runs (chorus) in the run.
    public var total: Int
    /// Entries that ended well (`complete` / `done`).
    public var succeeded: Int
    /// Entries that ended badly (`error` / `failed`).
    public var failed: Int
    /// Dollars spent by the entries (and the summary), when any price was known.
    public var cost: Double?
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: Int64, kind: RunKind, sessionID: Int64, promptPreview: String, status: RunStatus, total: Int,
                succeeded: Int, failed: Int, cost: Double?, createdAt: Date, updatedAt: Date) {
        self.id = id
        self.kind = kind
        self.sessionID = sessionID
        self.promptPreview = promptPreview
        self.status = status
        self.total = total
        self.succeeded = succeeded
        self.failed = failed
        self.cost = cost
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
