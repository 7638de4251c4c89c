internal import CSQLite

/// One prepared SQLite statement, finalized in `deinit`.
///
/// Owned by the `Connection` that prepared it (cached per SQL string) and used only on
/// that connection's executor; never shared, so not `Sendable`. Errors carry the SQL,
/// never the bound values.
final class Statement {
    let handle: OpaquePointer
    let sql: String
    private let database: OpaquePointer

    init(database: OpaquePointer, sql: String) throws {
        var prepared: OpaquePointer?
        let rc = sqlite3_prepare_v3(database, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &prepared, nil)
        guard rc == SQLITE_OK, let prepared else {
            sqlite3_finalize(prepared)
            throw Connection.error(database, rc, sql: sql)
        }
        self.handle = prepared
        self.sql = sql
        self.database = database
    }

    deinit { sqlite3_finalize(handle) }

    /// Binds values to parameters 1...n, in order.
    func bind(_ values: [SQLValue]) throws {
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let rc: Int32
            switch value {
            case .null:
                rc = sqlite3_bind_null(handle, index)
            case .integer(let number):
                rc = sqlite3_bind_int64(handle, index, number)
            case .real(let number):
                rc = sqlite3_bind_double(handle, index, number)
            case .text(let text):
                let count = text.utf8.count
                guard count <= Int(Int32.max) else {
                    throw StoreError(code: SQLITE_TOOBIG, message: "text of \(count) bytes is too big to store", sql: sql)
                }
                rc = text.withCString { atelier_sqlite_bind_text(handle, index, $0, Int32(count)) }
            }
            guard rc == SQLITE_OK else { throw Connection.error(database, rc, sql: sql) }
        }
    }

    /// Advances one row: true when a row is ready to read, false when the statement is done.
    func step() throws -> Bool {
        let rc = sqlite3_step(handle)
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw Connection.error(database, rc, sql: sql)
        }
    }

    /// Makes the statement ready for another use and releases its read snapshot.
    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }

    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

    func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(handle, column)) }

    func optionalInt(_ column: Int32) -> Int? { isNull(column) ? nil : int(column) }

    func double(_ column: Int32) -> Double { sqlite3_column_double(handle, column) }

    func optionalDouble(_ column: Int32) -> Double? { isNull(column) ? nil : double(column) }

    /// The column as text (UTF-8, byte-exact; invalid sequences repaired); NULL reads as "".
    func text(_ column: Int32) -> String {
        guard let bytes = sqlite3_column_text(handle, column) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    func optionalText(_ column: Int32) -> String? { isNull(column) ? nil : text(column) }
}
