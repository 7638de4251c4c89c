/// One step of the schema: the SQL that takes a file from `version - 1` to `version`.
///
/// Invariant: a migration list is ordered by `version`, starting at 1 with no gaps; each
/// step runs in one write transaction together with its `PRAGMA user_version` bump, so a
/// failing step leaves the file exactly as it was. A plain value.
struct Migration: Sendable {
    var version: Int
    var name: String
    var sql: String
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
