import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Registers a `Store` in the file's `writers` table and decides which registered writers
/// are gone, so recovery marks only their unfinished work `interrupted`.
///
/// A writer is alive when its host is this host and either it is a store of this process
/// that has not closed or been released (its token is in `openTokens`), or its pid names a
/// running, non-zombie process whose start time (field 22 of `/proc/<pid>/stat`) is the one
/// recorded — so a reused pid is not mistaken for the writer. A row from another host is
/// treated as gone (SQLite's WAL does not work across hosts anyway). Stateless apart from
/// the process-wide token set, which a mutex guards; any thread may call it, and the SQL
/// helpers run inside the caller's transaction on the store's thread.
enum WriterRegistry {
    private static let openTokens = Mutex<Set<String>>([])

    /// This process's pid and start time.
    static let current: (pid: Int32, startTicks: Int64) = {
        let pid = getpid()
        return (pid, startTicks(of: pid) ?? 0)
    }()

    static let host: String = {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }()

    /// Removes the rows of writers that are gone, registers a new writer with `token`,
    /// installs the temporary triggers that stamp this connection's new streaming messages,
    /// new runs and runs it sets running again with its id, and returns the id.
    static func register(_ db: Connection, token: String, at: Double) throws -> Int64 {
        try pruneGone(db)
        try db.run("INSERT INTO writers (pid, start_ticks, host, token, opened_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                   [.integer(Int64(current.pid)), .integer(current.startTicks), .text(host), .text(token), .real(at)])
        let id = db.lastInsertRowID
        openTokens.withLock { _ = $0.insert(token) }
        try db.execute("""
            DROP TRIGGER IF EXISTS temp.messages_stamp_writer;
            DROP TRIGGER IF EXISTS temp.runs_stamp_writer;
            DROP TRIGGER IF EXISTS temp.runs_restamp_writer;
            CREATE TEMP TRIGGER messages_stamp_writer AFTER INSERT ON main.messages
                WHEN new.status = 'streaming' AND new.writer_id IS NULL
                BEGIN UPDATE messages SET writer_id = \(id) WHERE id = new.id; END;
            CREATE TEMP TRIGGER runs_stamp_writer AFTER INSERT ON main.runs
                WHEN new.writer_id IS NULL
                BEGIN UPDATE runs SET writer_id = \(id) WHERE id = new.id; END;
            CREATE TEMP TRIGGER runs_restamp_writer AFTER UPDATE OF status ON main.runs
                WHEN new.status IN ('running', 'synthesizing') AND old.status NOT IN ('running', 'synthesizing')
                BEGIN UPDATE runs SET writer_id = \(id) WHERE id = new.id; END;
            """)
        return id
    }

    /// Forgets a store of this process: its token is no longer live, and its row is
    /// deleted when `db` is given (a clean close).
    static func unregister(token: String, id: Int64, from db: Connection?) {
        openTokens.withLock { _ = $0.remove(token) }
        if let db { try? db.run("DELETE FROM writers WHERE id = ?1", [.integer(id)]) }
    }

    /// Deletes the rows of every writer that is gone.
    static func pruneGone(_ db: Connection) throws {
        let rows = try db.query("SELECT id, pid, start_ticks, host, token FROM writers") { row in
            (id: row.int64(0), pid: Int32(truncatingIfNeeded: row.int64(1)), ticks: row.int64(2),
             host: row.text(3), token: row.text(4))
        }
        for row in rows where !isAlive(pid: row.pid, startTicks: row.ticks, host: row.host, token: row.token) {
            try db.run("DELETE FROM writers WHERE id = ?1", [.integer(row.id)])
        }
    }

    /// The SQL condition "this row's writer is gone" for a table with a `writer_id` column.
    static let writerGone = "(writer_id IS NULL OR writer_id NOT IN (SELECT id FROM writers))"

    static func isAlive(pid: Int32, startTicks: Int64, host: String, token: String) -> Bool {
        guard host == self.host, pid > 0 else { return false }
        if pid == current.pid && startTicks == current.startTicks {
            return openTokens.withLock { $0.contains(token) }
        }
        guard kill(pid, 0) == 0 || errno == EPERM else { return false }
        guard let stat = procStat(of: pid) else { return true }   // no /proc: trust kill(2)
        return stat.state != "Z" && stat.state != "X" && (startTicks == 0 || stat.startTicks == startTicks)
    }

    static func startTicks(of pid: Int32) -> Int64? { procStat(of: pid)?.startTicks }

    /// The state letter and start time from `/proc/<pid>/stat`; the command name in
    /// parentheses may hold spaces or parentheses itself, so fields are counted after the
    /// last `)`.
    private static func procStat(of pid: Int32) -> (state: Character, startTicks: Int64)? {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/stat"),
              let text = String(data: data, encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        // After the name: state is field 3, starttime field 22 → indexes 0 and 19 here.
        guard fields.count > 19, let state = fields[0].first, let ticks = Int64(fields[19]) else { return nil }
        return (state, ticks)
    }
}
