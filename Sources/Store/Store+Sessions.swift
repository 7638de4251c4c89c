import Core
import Foundation

/// Sessions: create, read, list, rename, delete. Runs on the `Store` actor.
extension Store {
    static let sessionColumns = "id, kind, title, created_at, updated_at"

    /// Creates an empty session.
    public func createSession(kind: SessionKind, title: String) throws -> Session {
        let at = timestamp()
        let id = try write { db in
            try db.run("INSERT INTO sessions (kind, title, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)",
                       [.text(kind.rawValue), .text(title), .real(at)])
            return db.lastInsertRowID
        }
        let date = Date(timeIntervalSince1970: at)
        return Session(id: id, kind: kind, title: title, createdAt: date, updatedAt: date)
    }

    /// The session with this id, if it exists.
    public func session(id: Int64) throws -> Session? {
        try database().queryFirst("SELECT \(Store.sessionColumns) FROM sessions WHERE id = ?1",
                                   [.integer(id)], row: Store.decodeSession)
    }

    /// Sessions by most recent activity first (a new message or a rename counts), paged.
    public func sessions(limit: Int = 50, offset: Int = 0) throws -> [Session] {
        try database().query("SELECT \(Store.sessionColumns) FROM sessions ORDER BY updated_at DESC, id DESC LIMIT ?1 OFFSET ?2",
                             [.integer(Int64(max(0, limit))), .integer(Int64(max(0, offset)))],
                             row: Store.decodeSession)
    }

    /// The most recently active session, if any.
    public func lastSession() throws -> Session? {
        try sessions(limit: 1).first
    }

    /// Renames a session; false when it does not exist.
    @discardableResult
    public func renameSession(id: Int64, title: String) throws -> Bool {
        let at = timestamp()
        return try write { db in
            try db.run("UPDATE sessions SET title = ?1, updated_at = max(updated_at, ?2) WHERE id = ?3",
                       [.text(title), .real(at), .integer(id)])
            return db.changes > 0
        }
    }

    /// Deletes a session with its messages (usage rows keep their figures, unlinked);
    /// false when it did not exist.
    @discardableResult
    public func deleteSession(id: Int64) throws -> Bool {
        try write { db in
            try db.run("DELETE FROM sessions WHERE id = ?1", [.integer(id)])
            return db.changes > 0
        }
    }

    static func decodeSession(_ row: Statement) throws -> Session {
        let kindText = row.text(1)
        guard let kind = SessionKind(rawValue: kindText) else {
            throw StoreError(.corrupt, message: "session \(row.int64(0)) has an unknown kind '\(kindText.prefix(20))'")
        }
        return Session(id: row.int64(0), kind: kind, title: row.text(2),
                       createdAt: Date(timeIntervalSince1970: row.double(3)),
                       updatedAt: Date(timeIntervalSince1970: row.double(4)))
    }
}
