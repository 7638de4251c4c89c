import Core
import Foundation
import Testing
@testable import Store

@Suite struct BulkInsertTests {
    @Test func insertsInOrderAcrossSessionsSearchableAndPaged() async throws {
        let dir = try TemporaryDirectory()
        let store = try Store(path: dir.databasePath)
        let first = try await store.createSession(kind: .chat, title: "first")
        let second = try await store.createSession(kind: .team, title: "second")
        let ids = try await store.insertMessages([
            MessageDraft(sessionID: first.id, role: .user, speaker: "you", content: "a lighthouse at dawn"),
            MessageDraft(sessionID: second.id, role: .assistant, speaker: "Luna", model: "fake:m", content: "teal shadows"),
            MessageDraft(sessionID: first.id, role: .assistant, speaker: "m", content: "waves counted", status: .interrupted),
        ])
        #expect(ids.count == 3)
        #expect(ids == ids.sorted())
        let page = try await store.messages(sessionID: first.id)
        #expect(page.map(\.content) == ["a lighthouse at dawn", "waves counted"])
        #expect(page.map(\.status) == [.complete, .interrupted])
        let other = try await store.messages(sessionID: second.id)
        #expect(other.first?.model == "fake:m" && other.first?.speaker == "Luna")
        #expect(try await store.search("lighthouse").map(\.messageID) == [ids[0]])
        #expect(try await store.search("teal").map(\.sessionID) == [second.id])
        try await store.close()
    }

    @Test func anUnknownSessionOrAStreamingDraftInsertsNothing() async throws {
        let dir = try TemporaryDirectory()
        let store = try Store(path: dir.databasePath)
        let session = try await store.createSession(kind: .chat, title: "only")
        await #expect(throws: StoreError.self) {
            try await store.insertMessages([
                MessageDraft(sessionID: session.id, role: .user, speaker: "you", content: "kept?"),
                MessageDraft(sessionID: session.id + 99, role: .user, speaker: "you", content: "nowhere"),
            ])
        }
        await #expect(throws: StoreError.self) {
            try await store.insertMessages([MessageDraft(sessionID: session.id, role: .assistant, speaker: "m",
                                                         content: "live", status: .streaming)])
        }
        #expect(try await store.messages(sessionID: session.id).isEmpty)
        #expect(try await store.search("kept").isEmpty)
        #expect(try await store.insertMessages([]).isEmpty)
        try await store.close()
    }
}
