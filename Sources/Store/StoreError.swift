/// A failure of the store. SQLite failures carry the SQLite result code, its message
/// (`sqlite3_errmsg`) and the SQL that failed — never bound values, which may hold user
/// text. Failures found by the store itself (a newer schema, an unsafe file, a closed
/// store, a missing row) carry a `kind` other than `.sqlite` and a message written for a
/// person. A plain value; any actor may read it.
public struct StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, coarse enough to act on.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// SQLite returned an error: see `code`, `message` and `sql`.
        case sqlite
        /// The file's schema is newer than this build knows; it was left untouched.
        case newerSchema
        /// A file or directory could not be created or made private (0600/0700).
        case file
        /// The store was closed.
        case closed
        /// The row asked for does not exist.
        case notFound
        /// A row holds a value this build cannot read (the file was edited by hand or damaged).
        case corrupt
        /// A caller passed a value the store refuses (for example a non-terminal final status).
        case invalidArgument
    }

    public var kind: Kind
    /// The SQLite result code (extended when available), `errno` for `.file`, 0 otherwise.
    public var code: Int32
    public var message: String
    public var sql: String?

    public init(code: Int32, message: String, sql: String? = nil) {
        self.init(.sqlite, code: code, message: message, sql: sql)
    }

    public init(_ kind: Kind, code: Int32 = 0, message: String, sql: String? = nil) {
        self.kind = kind
        self.code = code
        self.message = message
        self.sql = sql
    }

    public var description: String {
        guard kind == .sqlite else { return message }
        if let sql { return "database error \(code): \(message) (in: \(sql.prefix(120)))" }
        return "database error \(code): \(message)"
    }

    /// The refusal to open a file written by a newer build.
    static func newerSchema(found: Int, known: Int) -> StoreError {
        StoreError(.newerSchema, message: "this database was written by a newer Atelier (schema \(found), this build knows \(known)); upgrade Atelier or use another ATELIER_HOME")
    }

    static let closed = StoreError(.closed, message: "the store is closed")
}
