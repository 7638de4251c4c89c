import Foundation
import Testing
@testable import Store
import Core

/// A clock the test moves by hand, so ordering by time is deterministic.
final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var seconds: Double = 1_700_000_000
    var date: Date { lock.withLock { Date(timeIntervalSince1970: seconds) } }
    func advance(_ by: Double = 1) { lock.withLock { seconds += by } }
    func set(_ value: Date) { lock.withLock { seconds = value.timeIntervalSince1970 } }
}

@Suite struct SessionTests {
    @Test func createReadListRenameDelete() async throws {
        let dir = try TemporaryDirectory()
        let clock = ManualClock()
        let store = try Store(path: dir.databasePath, migrations: Schema.migrations, now: { clock.date })
        let a = try await store.createSession(kind: .chat, title: "alpha")
        clock.advance()
        let b = try await store.createSession(kind: .debate, title: "beta")
        clock.advance()
        #expect(try await store.session(id: a.id) == a)
        #expect(try await store.session(id: 9999) == nil)
        #expect(try await store.sessions().map(\.id) == [b.id, a.id])
        #expect(try await store.lastSession()?.id == b.id)

        // A message makes its session the most recently active.
        _ = try await store.insertMessage(sessionID: a.id, role: .user, speaker: "you", content: "hi")
        #expect(try await store.sessions().map(\.id) == [a.id, b.id])
        #expect(try await store.sessions(limit: 1, offset: 1).map(\.id) == [b.id])

        clock.advance()
        #expect(try await store.renameSession(id: b.id, title: "beta two"))
        #expect(try await store.session(id: b.id)?.title == "beta two")
        #expect(try await store.lastSession()?.id == b.id)
        #expect(try await store.renameSession(id: 9999, title: "none") == false)

        #expect(try await store.deleteSession(id: a.id))
        #expect(try await store.deleteSession(id: a.id) == false)
        #expect(try await store.sessions().map(\.id) == [b.id])
    }

    @Test func deletingSessionCascadesToMessagesAndIndex() async throws {
        let dir = try TemporaryDirectory()
        let store = try Store(path: dir.databasePath)
        let doomed = try await store.createSession(kind: .chorus, title: "doomed")
        let kept = try await store.createSession(kind: .chat, title: "kept")
        let gone = try await store.insertMessage(sessionID: doomed.id, role: .assistant, speaker: "Saga", content: "zyzzyva dreams")
        _ = try await store.insertMessage(sessionID: kept.id, role: .assistant, speaker: "Saga", content: "zyzzyva wakes")
        try await store.recordUsage(provider: "ollama", model: "llama3.2", usage: Usage(inputTokens: 5, outputTokens: 7),
                                    sessionID: doomed.id)
        #expect(try await store.search("zyzzyva").count == 2)

        #expect(try await store.deleteSession(id: doomed.id))
        #expect(try await store.message(id: gone.id) == nil)
        #expect(try await store.messages(sessionID: doomed.id).isEmpty)
        let hits = try await store.search("zyzzyva")
        #expect(hits.map(\.sessionTitle) == ["kept"])
        // Usage survives, unlinked.
        #expect(try await store.usageSummary().first?.requests == 1)
        let linked = try withRawConnection(dir.databasePath) { db in
            try db.queryFirst("SELECT count(*) FROM api_usage WHERE session_id IS NOT NULL") { $0.int(0) }
        }
        #expect(linked == 0)
    }

    @Test func messageToMissingSessionIsNotFound() async throws {
        let dir = try TemporaryDirectory()
        let store = try Store(path: dir.databasePath)
        let error = await #expect(throws: StoreError.self) {
            try await store.insertMessage(sessionID: 42, role: .user, speaker: "you", content: "lost")
        }
        #expect(error?.kind == .notFound)
    }

    @Test func finishRecordsFiguresAndRefusesStreamingStatus() async throws {
        let dir = try TemporaryDirectory()
        let store = try Store(path: dir.databasePath)
        let session = try await store.createSession(kind: .chat, title: "figures")
        let message = try await store.insertMessage(sessionID: session.id, role: .assistant, speaker: "model",
                                                    model: "openai:gpt", status: .streaming)
        await #expect(throws: StoreError.self) { try await store.finishMessage(id: message.id, status: .streaming) }
        let done = try await store.finishMessage(id: message.id, status: .complete, content: "final text",
                                                 usage: Usage(inputTokens: 12, outputTokens: 34, estimated: true),
                                                 latency: 1.2345, timeToFirstToken: 0.25, cost: 0.0042)
        #expect(done.status == .complete)
        #expect(done.content == "final text")
        #expect(done.usage == Usage(inputTokens: 12, outputTokens: 34, estimated: true))
        #expect(done.latency == 1.235 || done.latency == 1.234)
        #expect(done.timeToFirstToken == 0.25)
        #expect(done.cost == 0.0042)
        #expect(done.model == "openai:gpt")
        #expect(try await store.message(id: message.id) == done)
        let missing = await #expect(throws: StoreError.self) { try await store.finishMessage(id: 777, status: .complete) }
        #expect(missing?.kind == .notFound)
    }

    @Test func usageSummaryGroupsByDayProviderAndModel() async throws {
        let dir = try TemporaryDirectory()
        let store = try Store(path: dir.databasePath)
        let utc = try #require(TimeZone(identifier: "UTC"))
        let day1 = Date(timeIntervalSince1970: 1_763_683_200)          // 2025-11-21 00:00 UTC
        let day2 = day1.addingTimeInterval(86_400 + 3600)
        try await store.recordUsage(provider: "ollama", model: "llama3.2", usage: Usage(inputTokens: 10, outputTokens: 20),
                                    cost: 0, latency: 1.0, at: day1.addingTimeInterval(60))
        try await store.recordUsage(provider: "ollama", model: "llama3.2", usage: Usage(inputTokens: 1, outputTokens: 2, estimated: true),
                                    latency: 3.0, ok: false, at: day1.addingTimeInterval(120))
        try await store.recordUsage(provider: "openai", model: "gpt", usage: Usage(inputTokens: 100, outputTokens: 50),
                                    cost: 0.01, at: day1.addingTimeInterval(180))
        try await store.recordUsage(provider: "openai", model: "gpt", usage: Usage(inputTokens: 200, outputTokens: 60),
                                    cost: 0.02, at: day2)
        let rows = try await store.usageSummary(timeZone: utc)
        #expect(rows.map { "\($0.day) \($0.provider) \($0.model)" } ==
                ["2025-11-22 openai gpt", "2025-11-21 ollama llama3.2", "2025-11-21 openai gpt"])
        let ollama = rows[1]
        #expect(ollama.requests == 2 && ollama.failures == 1)
        #expect(ollama.inputTokens == 11 && ollama.outputTokens == 22)
        #expect(ollama.cost == 0 && ollama.averageLatency == 2.0 && ollama.estimated)
        #expect(rows[2].cost == 0.01 && rows[2].averageLatency == nil && !rows[2].estimated)
        let recent = try await store.usageSummary(since: day2, timeZone: utc)
        #expect(recent.map(\.inputTokens) == [200])
    }
}
