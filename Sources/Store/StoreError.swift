/// A failure of the database, carrying the SQLite result code, its message and the SQL
/// that failed (never bound values, which may hold user text). A plain value.
public struct StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    public var code: Int32
    public var message: String
    public var sql: String?

    public init(code: Int32, message: String, sql: String? = nil) {
        self.code = code
        self.message = message
        self.sql = sql
    }

    public var description: String {
        if let sql { return "database error \(code): \(message) (in: \(sql.prefix(120)))" }
        return "database error \(code): \(message)"
    }
}
