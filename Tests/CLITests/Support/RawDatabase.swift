import Foundation
@testable import Store

/// Reads an Atelier database the way a crash investigator would: one plain SQLite
/// connection, no migration and no recovery (so a `streaming` row left by a killed process
/// is seen as it is), and returns plain values. Also builds old-schema files for the
/// migration trials. Uses the store's internal connection through `@testable`; every call
/// opens and closes its own connection on the caller's thread.
enum RawDatabase {
    /// One row of `messages`.
    struct Message: Sendable, Equatable {
        var id: Int64
        var sessionID: Int64
        var role: String
        var status: String
        var content: [UInt8]
    }

    /// What a file holds.
    struct Snapshot: Sendable {
        var integrity: [String]
        var userVersion: Int
        var tables: Set<String>
        /// Session id → title.
        var sessions: [Int64: String]
        var messages: [Message]

        func messages(inSession id: Int64) -> [Message] { messages.filter { $0.sessionID == id } }

        /// The sessions whose title is `title`.
        func sessions(titled title: String) -> [Int64] { sessions.filter { $0.value == title }.map(\.key).sorted() }
    }

    /// Reads everything (tables that do not exist yet read as empty).
    static func snapshot(_ path: String) throws -> Snapshot {
        let db = try Connection(path: path)
        defer { db.close() }
        let integrity = try db.query("PRAGMA integrity_check") { $0.text(0) }
        let version = try Migrator.version(of: db)
        let tables = Set(try db.query("SELECT name FROM sqlite_master WHERE type = 'table'") { $0.text(0) })
        var sessions: [Int64: String] = [:]
        var messages: [Message] = []
        if tables.contains("sessions") {
            for (id, title) in try db.query("SELECT id, title FROM sessions", row: { ($0.int64(0), $0.text(1)) }) {
                sessions[id] = title
            }
        }
        if tables.contains("messages") {
            messages = try db.query("SELECT id, session_id, role, status, content FROM messages ORDER BY id") { row in
                Message(id: row.int64(0), sessionID: row.int64(1), role: row.text(2), status: row.text(3),
                        content: Array(row.text(4).utf8))
            }
        }
        return Snapshot(integrity: integrity, userVersion: version, tables: tables, sessions: sessions, messages: messages)
    }

    /// The schema versions this build knows, and the tables each one adds.
    static var latestVersion: Int { Schema.latestVersion }

    static let tablesAddedBy: [Int: [String]] = [
        1: ["sessions", "messages", "api_usage"],
        2: ["team_sessions", "team_phases", "team_specs"],
        3: ["runs", "run_entries", "artists", "generations", "assets", "chorus_groups", "chorus_runs"],
    ]

    /// Creates a database at `path` with only migration 1 applied, holding one finished
    /// chat session (title `title`, a user message and an assistant answer `answer`).
    static func makeVersion1(at path: String, title: String, answer: String) async throws {
        let store = try Store(path: path, migrations: [Schema.version1])
        let session = try await store.createSession(kind: .chat, title: title)
        _ = try await store.insertMessage(sessionID: session.id, role: .user, speaker: "you", content: title)
        _ = try await store.insertMessage(sessionID: session.id, role: .assistant, speaker: "fake:m1", model: "fake:m1",
                                          content: answer)
        try await store.close()
    }
}
