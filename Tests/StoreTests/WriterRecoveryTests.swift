import Core
import Foundation
import Testing
@testable import Store

/// Recovery marks only what a writer that is gone left unfinished: never a live store's
/// stream or run, always a crashed (or released, or dead-pid) writer's.
@Suite struct WriterRecoveryTests {
    @Test func anotherOpenLeavesALiveStreamAlone() async throws {
        let dir = try TemporaryDirectory()
        let store = try Store(path: dir.databasePath)
        let session = try await store.createSession(kind: .chat, title: "two processes")
        let writer = try await store.startStreamingMessage(sessionID: session.id, speaker: "Luna")
        writer.append("before ")
        try await writer.flush()
        let other = try Store(path: dir.databasePath)
        #expect(other.recoveredAtOpen == 0)
        #expect(try await other.recoverInterrupted() == 0)
        #expect(try await other.message(id: writer.messageID)?.status == .streaming)
        writer.append("after")
        try await writer.finish()
        let done = try #require(try await other.message(id: writer.messageID))
        #expect(done.status == .complete && done.content == "before after")
        try await other.close()
        try await store.close()
    }

    @Test func aStoreReleasedWithoutClosingIsAGoneWriter() async throws {
        let dir = try TemporaryDirectory()
        var first: Store? = try Store(path: dir.databasePath)
        let session = try #require(try await first?.createSession(kind: .chat, title: "crash"))
        let live = try #require(try await first?.insertMessage(sessionID: session.id, role: .assistant, speaker: "Frame",
                                                                content: "half", status: .streaming))
        first = nil   // as if the process died: no close
        let second = try Store(path: dir.databasePath)
        #expect(second.recoveredAtOpen == 1)
        #expect(try await second.message(id: live.id)?.status == .interrupted)
        try await second.close()
    }

    @Test func aDeadProcessesRowIsPrunedAndItsStreamsRecovered() async throws {
        let dir = try TemporaryDirectory()
        let store = try Store(path: dir.databasePath)
        let session = try await store.createSession(kind: .chat, title: "dead pid")
        let message = try await store.insertMessage(sessionID: session.id, role: .assistant, speaker: "Saga",
                                                    content: "once", status: .streaming)
        try await store.close()
        // A process that has exited: its pid is not running (or is another process now,
        // with another start time).
        let dead = Process()
        dead.executableURL = URL(fileURLWithPath: "/bin/true")
        try dead.run()
        dead.waitUntilExit()
        try withRawConnection(dir.databasePath) { db in
            try db.run("INSERT INTO writers (pid, start_ticks, host, token, opened_at) VALUES (?1, 1, ?2, 'gone', 0)",
                       [.integer(Int64(dead.processIdentifier)), .text(WriterRegistry.host)])
            try db.run("UPDATE messages SET writer_id = last_insert_rowid() WHERE id = ?1", [.integer(message.id)])
        }
        let reopened = try Store(path: dir.databasePath)
        #expect(reopened.recoveredAtOpen == 1)
        let writers = try withRawConnection(dir.databasePath) { db in
            try db.query("SELECT token FROM writers") { $0.text(0) }
        }
        #expect(!writers.contains("gone") && writers.count == 1)
        try await reopened.close()
        #expect(try withRawConnection(dir.databasePath) { db in try db.queryFirst("SELECT count(*) FROM writers") { $0.int(0) } } == 0)
    }

    @Test func livenessFollowsPidStartTimeAndHost() {
        let me = WriterRegistry.current
        // Our own pid with another start time is a reused pid: gone.
        #expect(!WriterRegistry.isAlive(pid: me.pid, startTicks: me.startTicks + 1, host: WriterRegistry.host, token: "x"))
        // A running process of another start time than recorded: gone; with its own: alive.
        let parent = getppid()
        let parentTicks = WriterRegistry.startTicks(of: parent) ?? 0
        #expect(WriterRegistry.isAlive(pid: parent, startTicks: parentTicks, host: WriterRegistry.host, token: "x"))
        #expect(!WriterRegistry.isAlive(pid: parent, startTicks: parentTicks + 7, host: WriterRegistry.host, token: "x"))
        #expect(!WriterRegistry.isAlive(pid: parent, startTicks: parentTicks, host: "another-host", token: "x"))
        #expect(!WriterRegistry.isAlive(pid: 0, startTicks: 0, host: WriterRegistry.host, token: "x"))
    }

    @Test func runRecoveryLeavesALiveRunAndMarksAGoneOne() async throws {
        let dir = try TemporaryDirectory()
        var crashed: Store? = try Store(path: dir.databasePath)
        let first = try #require(try await crashed?.createSession(kind: .debate, title: "old"))
        let old = try #require(try await crashed?.createDebateRun(sessionID: first.id, prompt: "old", models: [ModelRef(provider: "ollama", model: "a")],
                                                                  master: ModelRef(provider: "ollama", model: "a"),
                                                                  summaryModel: ModelRef(provider: "ollama", model: "a")))
        crashed = nil
        let live = try Store(path: dir.databasePath)
        let second = try await live.createSession(kind: .debate, title: "new")
        let running = try await live.createDebateRun(sessionID: second.id, prompt: "new", models: [ModelRef(provider: "ollama", model: "b")],
                                                     master: ModelRef(provider: "ollama", model: "b"),
                                                     summaryModel: ModelRef(provider: "ollama", model: "b"))
        let other = try Store(path: dir.databasePath)
        #expect(try await other.recoverInterruptedRuns() == 1)
        #expect(try await other.runKind(id: old.run.id) == .debate)
        let statuses = try withRawConnection(dir.databasePath) { db in
            try db.query("SELECT id, status FROM runs ORDER BY id") { ($0.int64(0), $0.text(1)) }
        }
        #expect(statuses.first { $0.0 == old.run.id }?.1 == "interrupted")
        #expect(statuses.first { $0.0 == running.run.id }?.1 == "running")
        try await other.close()
        try await live.close()
    }

    @Test func migrationFiveRenamesSucceededAndKeepsAssets() async throws {
        let dir = try TemporaryDirectory()
        let upToFour = Array(Schema.migrations.prefix(4))
        let old = try Store(path: dir.databasePath, migrations: upToFour)
        try await old.close()
        try withRawConnection(dir.databasePath) { db in
            try db.execute("""
                PRAGMA foreign_keys = ON;
                INSERT INTO generations (id, source_kind, workflow_id, positive, status, progress, created_at, updated_at, notes)
                    VALUES (7, 'direct', 'probe-modelfree', 'a fox', 'succeeded', 1, 1, 1, '["kept"]');
                INSERT INTO generations (id, source_kind, workflow_id, positive, status, created_at, updated_at)
                    VALUES (8, 'direct', 'probe-modelfree', 'a cat', 'failed', 2, 2);
                INSERT INTO assets (generation_id, path, media_type, bytes, sha256, created_at)
                    VALUES (7, '/x/image-001.png', 'image/png', 3, 'abc', 1);
                """)
        }
        let store = try Store(path: dir.databasePath)
        let complete = try await store.generation(id: 7)
        #expect(complete?.status == .complete && complete?.positive == "a fox")
        #expect(try await store.generation(id: 8)?.status == .failed)
        #expect(try await store.assets(generationID: 7).map(\.path) == ["/x/image-001.png"])
        let foreignKeys = try await store.generationForeignKeysOn()
        #expect(foreignKeys)
        try await store.close()
        #expect(try userVersion(dir.databasePath) == Schema.latestVersion)
        #expect(throws: StoreError.self) {
            try withRawConnection(dir.databasePath) { db in
                try db.run("UPDATE generations SET status = 'succeeded' WHERE id = 7")
            }
        }
    }
}

extension Store {
    /// Whether the connection still enforces foreign keys after a migration turned them off.
    fileprivate func generationForeignKeysOn() throws -> Bool {
        try database().queryFirst("PRAGMA foreign_keys") { $0.int(0) == 1 } ?? false
    }
}
