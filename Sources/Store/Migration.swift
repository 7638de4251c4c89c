/// One step of the schema: the SQL that takes a file from `version - 1` to `version`.
///
/// Invariant: a migration list is ordered by `version`, starting at 1 with no gaps; each
/// step runs in one write transaction together with its `PRAGMA user_version` bump, so a
/// failing step leaves the file exactly as it was. A plain value.
struct Migration: Sendable {
    var version: Int
    var name: String
    /// A step that rebuilds a table others refer to runs with foreign keys off (SQLite
    /// would otherwise apply `ON DELETE` actions when the old table is dropped); the
    /// migrator checks every reference before committing and turns them on again after.
    var foreignKeysOff: Bool
    var sql: String

    init(version: Int, name: String, foreignKeysOff: Bool = false, sql: String) {
        self.version = version
        self.name = name
        self.foreignKeysOff = foreignKeysOff
        self.sql = sql
    }
}

/// Applies a migration list to a connection, recording progress in `PRAGMA user_version`.
/// Stateless; runs on the opening thread before the store is shared.
enum Migrator {
    /// The schema version recorded in the file (0 for a new file).
    static func version(of db: Connection) throws -> Int {
        try db.queryFirst("PRAGMA user_version") { $0.int(0) } ?? 0
    }

    /// Refuses a file written by a newer build. Reads only.
    static func checkNotNewer(_ db: Connection, known: Int) throws {
        let found = try version(of: db)
        if found > known { throw StoreError.newerSchema(found: found, known: known) }
    }

    /// Applies every step newer than the file's version, each in its own transaction.
    /// The version is read again inside each transaction, so two processes opening one
    /// file at once never apply a step twice. Returns the versions applied.
    @discardableResult
    static func migrate(_ db: Connection, with migrations: [Migration]) throws -> [Int] {
        try validate(migrations)
        let known = migrations.last?.version ?? 0
        var applied: [Int] = []
        for migration in migrations {
            // `PRAGMA foreign_keys` is a no-op inside a transaction: set it around the step.
            if migration.foreignKeysOff { try db.execute("PRAGMA foreign_keys = OFF") }
            defer { if migration.foreignKeysOff { try? db.execute("PRAGMA foreign_keys = ON") } }
            let didApply = try db.writeTransaction { () throws -> Bool in
                let current = try version(of: db)
                if current > known { throw StoreError.newerSchema(found: current, known: known) }
                guard current < migration.version else { return false }
                do {
                    try db.execute(migration.sql)
                } catch var error as StoreError {
                    error.message = "migration \(migration.version) (\(migration.name)) failed: \(error.message)"
                    throw error
                }
                if migration.foreignKeysOff, let broken = try db.queryFirst("PRAGMA foreign_key_check", row: { $0.text(0) }) {
                    throw StoreError(.corrupt, message: "migration \(migration.version) (\(migration.name)) would break references from \(broken)")
                }
                try db.execute("PRAGMA user_version = \(migration.version)")
                return true
            }
            if didApply { applied.append(migration.version) }
        }
        return applied
    }

    private static func validate(_ migrations: [Migration]) throws {
        for (index, migration) in migrations.enumerated() where migration.version != index + 1 {
            throw StoreError(.invalidArgument, message: "migration list out of order at \(migration.name): version \(migration.version), expected \(index + 1)")
        }
    }
}
