import Foundation
import Testing
@testable import Store

@Suite struct MigrationTests {
    @Test func createsSchemaAndRecordsVersion() async throws {
        let dir = try TemporaryDirectory()
        let store = try Store(path: dir.databasePath)
        try await store.close()
        let names = try withRawConnection(dir.databasePath) { db in
            try db.query("SELECT name FROM sqlite_schema WHERE type IN ('table', 'view', 'trigger')") { $0.text(0) }
        }
        for name in ["sessions", "messages", "api_usage", "messages_fts", "messages_trigram", "messages_indexed",
                     "messages_index_insert", "messages_index_update", "messages_index_delete"] {
            #expect(names.contains(name), "missing \(name)")
        }
        #expect(try userVersion(dir.databasePath) == Schema.latestVersion)
        let journal = try withRawConnection(dir.databasePath) { db in try db.queryFirst("PRAGMA journal_mode") { $0.text(0) } }
        #expect(journal == "wal")
    }

    @Test func reopeningDoesNotRerunMigrations() async throws {
        let dir = try TemporaryDirectory()
        let counting = Schema.migrations + [
            Migration(version: Schema.latestVersion + 1, name: "counter",
                      sql: "CREATE TABLE counter (n INTEGER) STRICT; INSERT INTO counter VALUES (1);"),
        ]
        for _ in 0..<3 {
            let store = try Store(path: dir.databasePath, migrations: counting)
            try await store.close()
        }
        let runs = try withRawConnection(dir.databasePath) { db in try db.queryFirst("SELECT count(*) FROM counter") { $0.int(0) } }
        #expect(runs == 1)
        #expect(try userVersion(dir.databasePath) == Schema.latestVersion + 1)
        // Applying the list again to the migrated file applies nothing.
        let applied = try withRawConnection(dir.databasePath) { try Migrator.migrate($0, with: counting) }
        #expect(applied.isEmpty)
    }

    @Test func refusesNewerFileAndLeavesItUntouched() async throws {
        let dir = try TemporaryDirectory()
        let store = try Store(path: dir.databasePath)
        _ = try await store.createSession(kind: .chat, title: "from the future")
        try await store.close()
        try withRawConnection(dir.databasePath) { db in
            // Rollback-journal mode too, so switching it to WAL would show in the header bytes.
            try db.execute("PRAGMA user_version = 99; PRAGMA journal_mode = DELETE")
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: dir.databasePath))

        let error = try #require(throws: StoreError.self) { try Store(path: dir.databasePath) }
        #expect(error.kind == .newerSchema)
        #expect(error.description == "this database was written by a newer Atelier (schema 99, this build knows \(Schema.latestVersion)); upgrade Atelier or use another ATELIER_HOME")

        let after = try Data(contentsOf: URL(fileURLWithPath: dir.databasePath))
        #expect(before == after)
        #expect(try userVersion(dir.databasePath) == 99)
        let journal = try withRawConnection(dir.databasePath) { db in try db.queryFirst("PRAGMA journal_mode") { $0.text(0) } }
        #expect(journal == "delete")
    }

    @Test func failingMigrationLeavesVersionUnchanged() async throws {
        let dir = try TemporaryDirectory()
        let broken = Schema.migrations + [
            Migration(version: Schema.latestVersion + 1, name: "broken", sql: "CREATE TABLE half (x INTEGER); INSERT INTO no_such_table VALUES (1);"),
        ]
        let error = try #require(throws: StoreError.self) { try Store(path: dir.databasePath, migrations: broken) }
        #expect(error.kind == .sqlite)
        #expect(error.message.contains("migration \(Schema.latestVersion + 1) (broken)"))
        #expect(error.message.contains("no_such_table"))
        #expect(try userVersion(dir.databasePath) == Schema.latestVersion)
        let half = try withRawConnection(dir.databasePath) { db in
            try db.queryFirst("SELECT count(*) FROM sqlite_schema WHERE name = 'half'") { $0.int(0) }
        }
        #expect(half == 0)
        // The good schema still opens and works.
        let store = try Store(path: dir.databasePath)
        let session = try await store.createSession(kind: .chat, title: "ok")
        #expect(session.id > 0)
    }

    @Test func failingFirstMigrationLeavesEmptyFile() throws {
        let dir = try TemporaryDirectory()
        let broken = [Migration(version: 1, name: "bad", sql: "CREATE TABLE t (x INTEGER); SELECT * FROM missing;")]
        #expect(throws: StoreError.self) { try Store(path: dir.databasePath, migrations: broken) }
        #expect(try userVersion(dir.databasePath) == 0)
    }

    @Test func refusesMigrationListWithGaps() throws {
        let dir = try TemporaryDirectory()
        let gappy = Schema.migrations + [Migration(version: Schema.latestVersion + 2, name: "skip", sql: "SELECT 1")]
        let error = try #require(throws: StoreError.self) { try Store(path: dir.databasePath, migrations: gappy) }
        #expect(error.kind == .invalidArgument)
    }
}
