internal import CSQLite

/// One SQLite connection with its statement cache.
///
/// Confined to the `Store` actor's executor (opened in the store's initializer before the
/// actor is shared, then used only from actor-isolated code), so not `Sendable`, and SQLite
/// runs it in multi-thread mode (no per-call mutex). Statements are prepared once per SQL
/// string and finalized before the connection closes. Every C failure becomes one
/// `StoreError` here, with `sqlite3_errmsg` and the SQL.
final class Connection {
    private let handle: OpaquePointer
    private var cache: [String: Statement] = [:]
    private var isClosed = false

    /// Opens an existing file read-write. The caller creates the file (with its mode) first,
    /// so SQLite never creates it under the process umask; symlinks are refused.
    init(path: String) throws {
        var opened: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_EXRESCODE
        let rc = sqlite3_open_v2(path, &opened, flags, nil)
        guard rc == SQLITE_OK, let opened else {
            let message = opened.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(rc))
            sqlite3_close_v2(opened)
            throw StoreError(code: rc, message: "cannot open the database: \(message)")
        }
        handle = opened
    }

    deinit { close() }

    /// Finalizes every cached statement, then closes. Idempotent.
    func close() {
        guard !isClosed else { return }
        isClosed = true
        cache.removeAll()
        sqlite3_close_v2(handle)
    }

    static func error(_ database: OpaquePointer, _ rc: Int32, sql: String?) -> StoreError {
        let extended = sqlite3_extended_errcode(database)
        let code = (extended & 0xff) == (rc & 0xff) ? extended : rc
        return StoreError(code: code, message: String(cString: sqlite3_errmsg(database)), sql: sql)
    }

    func setBusyTimeout(milliseconds: Int32) throws {
        let rc = sqlite3_busy_timeout(handle, milliseconds)
        guard rc == SQLITE_OK else { throw Connection.error(handle, rc, sql: nil) }
    }

    /// Runs SQL text that may hold several statements and takes no parameters (schema, pragmas).
    func execute(_ sql: String) throws {
        guard !isClosed else { throw StoreError.closed }
        let rc = sqlite3_exec(handle, sql, nil, nil, nil)
        guard rc == SQLITE_OK else { throw Connection.error(handle, rc, sql: sql) }
    }

    /// Runs one statement to completion with the given parameters.
    func run(_ sql: String, _ values: [SQLValue] = []) throws {
        let statement = try cached(sql)
        defer { statement.reset() }
        try statement.bind(values)
        while try statement.step() {}
    }

    /// Runs a query and maps each row; the statement is reset before returning.
    func query<T>(_ sql: String, _ values: [SQLValue] = [], row: (Statement) throws -> T) throws -> [T] {
        let statement = try cached(sql)
        defer { statement.reset() }
        try statement.bind(values)
        var rows: [T] = []
        while try statement.step() { rows.append(try row(statement)) }
        return rows
    }

    /// The first row of a query, if any.
    func queryFirst<T>(_ sql: String, _ values: [SQLValue] = [], row: (Statement) throws -> T) throws -> T? {
        let statement = try cached(sql)
        defer { statement.reset() }
        try statement.bind(values)
        return try statement.step() ? try row(statement) : nil
    }

    /// Rows changed by the last INSERT, UPDATE or DELETE (triggers excluded).
    var changes: Int { Int(sqlite3_changes64(handle)) }

    var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// Runs `body` inside `BEGIN IMMEDIATE` … `COMMIT`, rolling back when it throws.
    /// IMMEDIATE takes the write lock at the start (waiting up to the busy timeout), so a
    /// write transaction never fails half-way with a busy error.
    func writeTransaction<T>(_ body: () throws -> T) throws -> T {
        try run("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try run("COMMIT")
            return result
        } catch {
            if isInTransaction { try? execute("ROLLBACK") }
            throw error
        }
    }

    private func cached(_ sql: String) throws -> Statement {
        guard !isClosed else { throw StoreError.closed }
        if let statement = cache[sql] { return statement }
        let statement = try Statement(database: handle, sql: sql)
        cache[sql] = statement
        return statement
    }
}
