import Core
import Store

/// Everything stored about one team session: the session row, its state record, the
/// phase log, every spec version and every message. A plain value.
public struct TeamSessionSnapshot: Sendable, Hashable {
    public var session: Session
    public var record: TeamSessionRecord
    public var phases: [TeamPhaseEntry]
    public var specs: [TeamSpecVersion]
    /// Oldest first.
    public var messages: [StoredMessage]

    public init(session: Session, record: TeamSessionRecord, phases: [TeamPhaseEntry], specs: [TeamSpecVersion],
                messages: [StoredMessage]) {
        self.session = session
        self.record = record
        self.phases = phases
        self.specs = specs
        self.messages = messages
    }

    /// The record's current spec version, if any.
    public var currentSpec: TeamSpecVersion? {
        specs.first { $0.version == record.currentSpecVersion }
    }

    /// The person's messages stored after the last one the flow consumed (unanswered).
    public var pendingMessages: [StoredMessage] {
        messages.filter { $0.role == .user && $0.id > record.handledMessageID }
    }
}

/// Reads a team session back from the store (for `atelier runs show`, the terminal's
/// session list, and `TeamSession.open`). Stateless; any task may call it.
public enum TeamSessionLoader {
    /// The whole stored session; `TeamSessionError.notFound` when there is no team session `sessionID`.
    public static func load(store: Store, sessionID: Int64) async throws -> TeamSessionSnapshot {
        guard let session = try await store.session(id: sessionID), session.kind == .team,
              let record = try await store.teamSession(id: sessionID) else {
            throw TeamSessionError.notFound(sessionID)
        }
        let phases = try await store.teamPhases(sessionID: sessionID)
        let specs = try await store.teamSpecs(sessionID: sessionID)
        let messages = try await allMessages(store: store, sessionID: sessionID)
        return TeamSessionSnapshot(session: session, record: record, phases: phases, specs: specs, messages: messages)
    }

    /// Every message of a session, oldest first (read in pages).
    public static func allMessages(store: Store, sessionID: Int64) async throws -> [StoredMessage] {
        let pageSize = 500
        var all: [StoredMessage] = []
        var before: Int64?
        while true {
            let page = try await store.messages(sessionID: sessionID, limit: pageSize, beforeID: before)
            all.insert(contentsOf: page, at: 0)
            guard page.count == pageSize, let first = page.first else { return all }
            before = first.id
        }
    }
}
