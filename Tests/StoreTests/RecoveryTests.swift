import Foundation
import Testing
@testable import Store

@Suite struct RecoveryTests {
    @Test func streamingMessagesBecomeInterruptedOnReopen() async throws {
        let dir = try TemporaryDirectory()
        let first = try Store(path: dir.databasePath)
        #expect(first.recoveredAtOpen == 0)
        let session = try await first.createSession(kind: .team, title: "crash")
        let done = try await first.insertMessage(sessionID: session.id, role: .user, speaker: "you", content: "paint a fox")
        let live = try await first.insertMessage(sessionID: session.id, role: .assistant, speaker: "Luna",
                                                 model: "ollama:llama3.2", content: "", status: .streaming)
        #expect(try await first.appendContent(messageID: live.id, text: "A fox in amber "))
        #expect(try await first.appendContent(messageID: live.id, text: "light, drawn in quillwork"))
        #expect(try await first.search("quillwork").isEmpty)   // streaming text is not indexed yet
        try await first.close()

        let second = try Store(path: dir.databasePath)
        #expect(second.recoveredAtOpen == 1)
        let recovered = try #require(try await second.message(id: live.id))
        #expect(recovered.status == .interrupted)
        #expect(recovered.content == "A fox in amber light, drawn in quillwork")
        #expect(try await second.message(id: done.id)?.status == .complete)
        let hits = try await second.search("quillwork")
        #expect(hits.map(\.messageID) == [live.id])
        // Nothing left to recover.
        #expect(try await second.recoverInterrupted() == 0)
    }

    @Test func closedStoreRefusesWork() async throws {
        let dir = try TemporaryDirectory()
        let store = try Store(path: dir.databasePath)
        try await store.close()
        try await store.close()   // idempotent
        let error = await #expect(throws: StoreError.self) { try await store.createSession(kind: .chat, title: "x") }
        #expect(error?.kind == .closed)
    }

    @Test func garbageFileIsAClearErrorNotACrash() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("garbage.db")
        let junk = Data((0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        try junk.write(to: URL(fileURLWithPath: path))
        let error = try #require(throws: StoreError.self) { try Store(path: path) }
        #expect(error.kind == .sqlite)
        #expect(error.code & 0xff == 26)   // SQLITE_NOTADB
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == junk)
    }
}
