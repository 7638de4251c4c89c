import Core
import Foundation

/// Atelier's database: one SQLite file owned by one actor.
///
/// The file is private (0600, its directory 0700, the `-wal`/`-shm` files 0600 whatever the
/// umask), in WAL mode with foreign keys on, a 5 s busy timeout and `synchronous=NORMAL`.
/// Every write runs inside `BEGIN IMMEDIATE` … `COMMIT` and rolls back on error, so two
/// processes (or two `Store`s) on one file wait for each other instead of failing. The
/// schema is an ordered migration list recorded in `PRAGMA user_version`; a file from a
/// newer build is refused untouched. Each open store registers itself as a writer (see
/// `WriterRegistry`); opening marks every `streaming` message left by a writer that is gone
/// `interrupted` (see `recoveredAtOpen`), never one a live process or store is writing.
///
/// Any task may call it. The actor runs on its own thread (`DatabaseExecutor`), so SQLite
/// never blocks Swift's cooperative pool. Streamed text goes through `MessageStreamWriter`,
/// which batches appends of all concurrent streams into few transactions.
public actor Store {
    /// The database file.
    public nonisolated let path: String
    /// How many `streaming` messages opening this store marked `interrupted`.
    public nonisolated let recoveredAtOpen: Int
    /// This store's row in `writers`, and the token that tells it from other stores of
    /// this process.
    nonisolated let writerID: Int64
    private nonisolated let writerToken: String

    nonisolated let pending: PendingAppends
    private nonisolated let executor: DatabaseExecutor
    private var connection: Connection?
    let now: @Sendable () -> Date
    /// Committed write transactions (for tests and diagnostics).
    private(set) var writeTransactionCount = 0

    public nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    /// Opens (creating if needed) the database at `path`, creating its directory, then
    /// migrates it to this build's schema and recovers interrupted messages.
    public init(path: String) throws {
        try self.init(path: path, migrations: Schema.migrations)
    }

    /// The testing seam: a migration list, a clock and flush thresholds of one's own.
    init(path: String, migrations: [Migration], flushInterval: Duration = .milliseconds(250),
         flushBytes: Int = 4096, now: @escaping @Sendable () -> Date = { Date() }) throws {
        let db = try Store.openConnection(path: path, migrations: migrations)
        let token = UUID().uuidString
        let (writerID, recovered): (Int64, Int)
        do {
            (writerID, recovered) = try db.writeTransaction {
                // A migration list without `writers` (the testing seam) recovers every stream.
                guard try db.queryFirst("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'writers'", row: { _ in true }) != nil
                else {
                    try db.run("UPDATE messages SET status = 'interrupted', updated_at = ?1 WHERE status = 'streaming'",
                               [.real(now().timeIntervalSince1970)])
                    return (0, db.changes)
                }
                let id = try WriterRegistry.register(db, token: token, at: now().timeIntervalSince1970)
                return (id, try Store.markGoneWritersStreams(db, at: now()))
            }
            try PrivateFiles.tightenIfPresent(path + "-wal")
            try PrivateFiles.tightenIfPresent(path + "-shm")
        } catch {
            // The row (if registered) stays; with its token gone it reads as a gone writer.
            WriterRegistry.unregister(token: token, id: 0, from: nil)
            db.close()
            throw error
        }
        self.path = path
        self.recoveredAtOpen = recovered
        self.writerID = writerID
        self.writerToken = token
        self.pending = PendingAppends(flushInterval: flushInterval, flushBytes: flushBytes)
        self.executor = DatabaseExecutor(name: "atelier.store")
        self.connection = db
        self.now = now
    }

    deinit {
        // Not closed: the row stays, and as this store's token is no longer live, the next
        // open treats its unfinished streams as a crashed writer's.
        WriterRegistry.unregister(token: writerToken, id: writerID, from: nil)
        executor.shutDown()
    }

    /// Writes any buffered streamed text, then closes the file. Operations after `close`
    /// throw `StoreError.Kind.closed`. If the final flush fails, the error is thrown and the
    /// store stays open (nothing is lost; call `close` again or keep using it).
    public func close() throws {
        guard let connection else { return }
        try flushPendingAppends()
        WriterRegistry.unregister(token: writerToken, id: writerID, from: connection)
        connection.close()
        self.connection = nil
    }

    /// Marks every `streaming` message whose writer is gone (a process that died, a store
    /// released without `close`) `interrupted`, which also indexes it for search, and
    /// returns how many. Runs automatically on open.
    @discardableResult
    public func recoverInterrupted() throws -> Int {
        let at = now()
        return try write { db in
            try WriterRegistry.pruneGone(db)
            return try Store.markGoneWritersStreams(db, at: at)
        }
    }

    // MARK: - Internal plumbing for the operation files

    func database() throws -> Connection {
        guard let connection else { throw StoreError.closed }
        return connection
    }

    /// Runs `body` in one write transaction and counts it.
    func write<T>(_ body: (Connection) throws -> T) throws -> T {
        let db = try database()
        let result = try db.writeTransaction { try body(db) }
        writeTransactionCount += 1
        return result
    }

    var isOpen: Bool { connection != nil }

    func timestamp() -> Double { now().timeIntervalSince1970 }

    /// Inside the caller's transaction, after the gone writers were pruned.
    private static func markGoneWritersStreams(_ db: Connection, at date: Date) throws -> Int {
        try db.run("UPDATE messages SET status = 'interrupted', updated_at = ?1 WHERE status = 'streaming' AND \(WriterRegistry.writerGone)",
                   [.real(date.timeIntervalSince1970)])
        return db.changes
    }

    private static func openConnection(path: String, migrations: [Migration]) throws -> Connection {
        let parent = (path as NSString).deletingLastPathComponent
        try PrivateFiles.makeDirectory(parent.isEmpty ? "." : parent)
        try PrivateFiles.makePrivateFile(path)
        // The -wal and -shm files are made private BEFORE the connection opens: opening and
        // closing a descriptor of the -shm file afterwards would drop every POSIX lock this
        // process holds on it (SQLite's "this process uses the wal-index" lock included), and
        // the next process to open the file would then reset the wal-index under this one
        // (seen as SIGBUS with four `atelier ask` starting at once).
        try PrivateFiles.makePrivateFile(path + "-wal")
        try PrivateFiles.makePrivateFile(path + "-shm")
        let db = try Connection(path: path)
        try db.setBusyTimeout(milliseconds: 5000)
        // Read-only check first: a newer file's content must be left exactly as it is.
        try Migrator.checkNotNewer(db, known: migrations.last?.version ?? 0)
        let mode = try db.queryFirst("PRAGMA journal_mode = WAL") { $0.text(0) }
        guard mode?.lowercased() == "wal" else {
            throw StoreError(code: 1, message: "cannot switch the database to WAL mode (it stayed \(mode ?? "unknown"))",
                             sql: "PRAGMA journal_mode = WAL")
        }
        try db.execute("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL")
        try Migrator.migrate(db, with: migrations)
        return db
    }
}
