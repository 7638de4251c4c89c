import Foundation
import Testing
@testable import Store
import Core

@Suite struct ConcurrencyTests {
    @Test func twoStoresOnOneFileLoseNothing() async throws {
        let dir = try TemporaryDirectory()
        let path = dir.databasePath
        // Open both at once: creation, WAL switch and migration race each other.
        async let openedA = Task.detached { try Store(path: path) }.value
        async let openedB = Task.detached { try Store(path: path) }.value
        let (a, b) = try await (openedA, openedB)
        #expect(try userVersion(path) == Schema.latestVersion)

        let perStore = 150
        func hammer(_ store: Store, _ name: String) async throws -> (Int64, Int64) {
            let session = try await store.createSession(kind: .chat, title: name)
            let writer = try await store.startStreamingMessage(sessionID: session.id, speaker: name)
            for index in 0..<perStore {
                _ = try await store.insertMessage(sessionID: session.id, role: .user, speaker: name, content: "\(name) \(index)")
                writer.append("\(index),")
                try await store.recordUsage(provider: name, model: "m", usage: Usage(inputTokens: 1, outputTokens: 1))
            }
            try await writer.finish()
            return (session.id, writer.messageID)
        }
        async let resultA = hammer(a, "alpha")
        async let resultB = hammer(b, "beta")
        let ((sessionA, streamA), (sessionB, streamB)) = try await (resultA, resultB)

        let expectedStream = (0..<perStore).map { "\($0)," }.joined()
        for (store, session, stream) in [(a, sessionA, streamA), (b, sessionB, streamB)] {
            // Each store sees the other's writes.
            for target in [sessionA, sessionB] {
                #expect(try await store.messages(sessionID: target, limit: 1000).count == perStore + 1)
            }
            #expect(try await store.message(id: stream)?.content == expectedStream)
            #expect(try await store.session(id: session) != nil)
        }
        let usage = try await a.usageSummary()
        #expect(usage.reduce(0) { $0 + $1.requests } == 2 * perStore)
    }
}
