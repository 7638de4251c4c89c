import Foundation
import Testing
@testable import Store

@Suite struct PagingTests {
    @Test func pagingBackReturnsEveryMessageOnceInOrder() async throws {
        let dir = try TemporaryDirectory()
        let store = try Store(path: dir.databasePath)
        let session = try await store.createSession(kind: .chat, title: "long")
        let other = try await store.createSession(kind: .chat, title: "other")
        var inserted: [Int64] = []
        for index in 0..<1000 {
            let message = try await store.insertMessage(sessionID: session.id, role: index % 2 == 0 ? .user : .assistant,
                                                        speaker: "s", content: "message \(index)")
            inserted.append(message.id)
            if index % 100 == 0 {
                _ = try await store.insertMessage(sessionID: other.id, role: .user, speaker: "o", content: "noise")
            }
        }
        var seen: [Int64] = []
        var before: Int64?
        var pages = 0
        while true {
            let page = try await store.messages(sessionID: session.id, limit: 37, beforeID: before)
            guard let first = page.first else { break }
            #expect(page.map(\.id) == page.map(\.id).sorted())      // oldest to newest within a page
            #expect(page.allSatisfy { $0.sessionID == session.id })
            seen = page.map(\.id) + seen
            before = first.id
            pages += 1
        }
        #expect(seen == inserted)
        #expect(pages == 28)
        let newest = try await store.messages(sessionID: session.id, limit: 2)
        #expect(newest.map(\.content) == ["message 998", "message 999"])
    }
}
