import Foundation
import Testing
@testable import Store
import Core

@Suite struct StreamWriterTests {
    private static let pieces = ["a", "é", "日本", "🙂", "e\u{301}", " ", "\n", "👩‍👩‍👧", "ß", "\u{0}", "z"]

    @Test func tenThousandAppendsAreBatchedAndByteExact() async throws {
        let dir = try TemporaryDirectory()
        let store = try Store(path: dir.databasePath)
        let session = try await store.createSession(kind: .chat, title: "flood")
        let writer = try await store.startStreamingMessage(sessionID: session.id, speaker: "Pixel", model: "local:gemma")
        let before = await store.writeTransactionCount
        var expected = ""
        for index in 0..<10_000 {
            let piece = Self.pieces[index % Self.pieces.count]
            writer.append(piece)
            expected += piece
            if index % 1_000 == 999 { await Task.yield() }   // let size/time flushes run mid-stream
        }
        let done = try await writer.finish(usage: Usage(inputTokens: 3, outputTokens: 10_000), latency: 2, timeToFirstToken: 0.1)
        let transactions = await store.writeTransactionCount - before
        #expect(transactions < 200, "10,000 appends took \(transactions) transactions")
        #expect(transactions >= 1)
        #expect(Array(done.content.utf8) == Array(expected.utf8))
        #expect(done.status == .complete)
        let stored = try #require(try await store.message(id: writer.messageID))
        #expect(Array(stored.content.utf8) == Array(expected.utf8))
        // After finishing, the writer accepts nothing more.
        writer.append("late")
        try await store.flushPendingAppends()
        #expect(try await store.message(id: writer.messageID)?.content.utf8.count == expected.utf8.count)
    }

    @Test func concurrentWritersShareTransactions() async throws {
        let dir = try TemporaryDirectory()
        let store = try Store(path: dir.databasePath)
        let session = try await store.createSession(kind: .debate, title: "many")
        var writers: [MessageStreamWriter] = []
        for index in 0..<8 {
            writers.append(try await store.startStreamingMessage(sessionID: session.id, speaker: "model \(index)"))
        }
        let before = await store.writeTransactionCount
        let appendsPerWriter = 2_000
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, writer) in writers.enumerated() {
                group.addTask {
                    for step in 0..<appendsPerWriter {
                        writer.append("\(index):\(step);")
                        if step % 250 == 0 { await Task.yield() }
                    }
                    try await writer.finish()
                }
            }
            try await group.waitForAll()
        }
        let transactions = await store.writeTransactionCount - before
        #expect(transactions < writers.count * appendsPerWriter / 20, "\(transactions) transactions")
        for (index, writer) in writers.enumerated() {
            let expected = (0..<appendsPerWriter).map { "\(index):\($0);" }.joined()
            #expect(try await store.message(id: writer.messageID)?.content == expected)
        }
    }

    @Test func bufferedTextReachesTheFileWithoutFinish() async throws {
        let dir = try TemporaryDirectory()
        let store = try Store(path: dir.databasePath)
        let session = try await store.createSession(kind: .chat, title: "timer")
        let writer = try await store.startStreamingMessage(sessionID: session.id, speaker: "Saga")
        writer.append("first words")
        // The timed flush (250 ms) writes it; a generous bound for a loaded machine.
        let arrived = await eventually(within: 5) {
            (try? await store.message(id: writer.messageID)?.content) == "first words"
        }
        #expect(arrived)
        #expect(try await store.message(id: writer.messageID)?.status == .streaming)
        // Seen by another connection too, that is, committed to the file.
        let raw = try withRawConnection(dir.databasePath) { db in
            try db.queryFirst("SELECT content FROM messages WHERE id = ?1", [.integer(writer.messageID)]) { $0.text(0) }
        }
        #expect(raw == "first words")
        #expect(writer.lastFlushError == nil)
    }

    @Test func failedFlushKeepsTextAndSurfacesTheError() async throws {
        let dir = try TemporaryDirectory()
        let store = try Store(path: dir.databasePath)
        let session = try await store.createSession(kind: .chat, title: "faulty disk")
        let writer = try await store.startStreamingMessage(sessionID: session.id, speaker: "Lens")
        try withRawConnection(dir.databasePath) { db in
            try db.execute("""
                CREATE TABLE fail_flag (x INTEGER);
                INSERT INTO fail_flag VALUES (1);
                CREATE TRIGGER fail_appends BEFORE UPDATE OF content ON messages
                WHEN EXISTS (SELECT 1 FROM fail_flag) BEGIN SELECT RAISE(ABORT, 'injected failure'); END;
                """)
        }
        writer.append("kept ")
        let error = await #expect(throws: StoreError.self) { try await writer.flush() }
        #expect(error?.message.contains("injected failure") == true)
        #expect(error?.sql?.contains("UPDATE messages") == true)
        #expect(error?.description.contains("kept") == false)   // bound values never appear
        #expect(writer.lastFlushError != nil)
        writer.append("and ")
        await #expect(throws: StoreError.self) { try await writer.finish() }

        try withRawConnection(dir.databasePath) { db in try db.execute("DELETE FROM fail_flag") }
        writer.append("more")
        let done = try await writer.finish()
        #expect(done.content == "kept and more")
        #expect(done.status == .complete)
        #expect(writer.lastFlushError == nil)
    }

    @Test func failRecordsReasonAndKeepsPartialText() async throws {
        let dir = try TemporaryDirectory()
        let store = try Store(path: dir.databasePath)
        let session = try await store.createSession(kind: .chat, title: "cut")
        let writer = try await store.startStreamingMessage(sessionID: session.id, speaker: "Frame")
        writer.append("half a ")
        writer.append("thought")
        let failed = try await writer.fail("the server stalled for 60 s")
        #expect(failed.status == .error)
        #expect(failed.error == "the server stalled for 60 s")
        #expect(failed.content == "half a thought")
        let cancelled = try await store.startStreamingMessage(sessionID: session.id, speaker: "Frame")
        cancelled.append("stop")
        #expect(try await cancelled.fail("cancelled", status: .interrupted).status == .interrupted)
    }

    @Test func liveWriterRevivesMessageMarkedInterrupted() async throws {
        let dir = try TemporaryDirectory()
        let store = try Store(path: dir.databasePath)
        let session = try await store.createSession(kind: .chat, title: "revival")
        let writer = try await store.startStreamingMessage(sessionID: session.id, speaker: "Luna")
        writer.append("before ")
        try await writer.flush()
        // Marked interrupted from outside (an older build's recovery, a hand edit): the
        // live writer's next flush brings it back.
        try withRawConnection(dir.databasePath) { db in
            try db.run("UPDATE messages SET status = 'interrupted' WHERE id = ?1", [.integer(writer.messageID)])
        }
        writer.append("after")
        try await writer.flush()
        #expect(try await store.message(id: writer.messageID)?.status == .streaming)
        try await writer.finish()
        let done = try #require(try await store.message(id: writer.messageID))
        #expect(done.status == .complete)
        #expect(done.content == "before after")
        #expect(try await store.search("after").map(\.messageID) == [writer.messageID])
    }
}
