import Core
import Foundation

/// Plumbing shared by the run repositories (debates, chorus): a run's status, the
/// "no row changed" check, and a message insert inside an open transaction. Runs on the
/// `Store` actor.
extension Store {
    func updateRunStatus(runID: Int64, status: RunStatus, error: String?, note: String?) throws {
        let at = timestamp()
        try write { db in
            try db.run("UPDATE runs SET status = ?1, error = ?2, note = coalesce(?3, note), updated_at = ?4 WHERE id = ?5",
                       [.text(status.rawValue), .string(error), .string(note), .real(at), .integer(runID)])
            try Store.requireChange(db, "run \(runID)")
        }
    }

    static func requireChange(_ db: Connection, _ what: String) throws {
        guard db.changes > 0 else { throw StoreError(.notFound, message: "there is no \(what)") }
    }

    /// Inserts a terminal message inside the caller's transaction and touches its session.
    static func insertRawMessage(_ db: Connection, sessionID: Int64, role: ChatRole, speaker: String, model: String?,
                                 content: String, at: Double) throws -> Int64 {
        try db.run("""
            INSERT INTO messages (session_id, role, speaker, model, content, status, created_at, updated_at)
            VALUES (?1, ?2, ?3, ?4, ?5, 'complete', ?6, ?6)
            """, [.integer(sessionID), .text(role.rawValue), .text(speaker), .string(model), .text(content), .real(at)])
        let id = db.lastInsertRowID
        try db.run("UPDATE sessions SET updated_at = max(updated_at, ?1) WHERE id = ?2", [.real(at), .integer(sessionID)])
        return id
    }
}
