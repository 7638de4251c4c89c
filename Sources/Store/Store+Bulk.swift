import Core
import Foundation

/// A finished message to add in bulk (an import, a generated history): the session it
/// belongs to and what it holds. A plain value.
public struct MessageDraft: Sendable, Hashable {
    public var sessionID: Int64
    public var role: ChatRole
    public var speaker: String
    public var model: String?
    public var content: String
    /// A terminal status (`complete`, `interrupted` or `error`).
    public var status: MessageStatus

    public init(sessionID: Int64, role: ChatRole, speaker: String, model: String? = nil, content: String,
                status: MessageStatus = .complete) {
        self.sessionID = sessionID
        self.role = role
        self.speaker = speaker
        self.model = model
        self.content = content
        self.status = status
    }
}

/// Bulk inserts. Runs on the `Store` actor.
extension Store {
    /// Adds finished messages in one transaction, in order, and returns their ids. One
    /// commit (and one full-text index flush) for the whole batch, where `insertMessage`
    /// pays one per message. Every message is searchable at once and its session becomes
    /// the most recently active. All or nothing: a session that does not exist throws
    /// `.notFound`, a `streaming` draft `.invalidArgument` (streamed text goes through
    /// `startStreamingMessage`), and nothing is inserted.
    @discardableResult
    public func insertMessages(_ drafts: [MessageDraft]) throws -> [Int64] {
        guard !drafts.isEmpty else { return [] }
        if let live = drafts.first(where: { !$0.status.isTerminal }) {
            throw StoreError(.invalidArgument, message: "a bulk message cannot be '\(live.status.rawValue)'")
        }
        let at = timestamp()
        var sessions: [Int64] = []
        var seen = Set<Int64>()
        for draft in drafts where seen.insert(draft.sessionID).inserted { sessions.append(draft.sessionID) }
        return try write { db in
            for session in sessions {
                guard try db.queryFirst("SELECT 1 FROM sessions WHERE id = ?1", [.integer(session)], row: { _ in true }) != nil
                else { throw StoreError(.notFound, message: "there is no session \(session)") }
            }
            var ids: [Int64] = []
            ids.reserveCapacity(drafts.count)
            for draft in drafts {
                try db.run("""
                    INSERT INTO messages (session_id, role, speaker, model, content, status, created_at, updated_at)
                    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)
                    """, [.integer(draft.sessionID), .text(draft.role.rawValue), .text(draft.speaker), .string(draft.model),
                          .text(draft.content), .text(draft.status.rawValue), .real(at)])
                ids.append(db.lastInsertRowID)
            }
            for session in sessions {
                try db.run("UPDATE sessions SET updated_at = max(updated_at, ?1) WHERE id = ?2", [.real(at), .integer(session)])
            }
            return ids
        }
    }
}
