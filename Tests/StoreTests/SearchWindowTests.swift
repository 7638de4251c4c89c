import Core
import Foundation
import Testing
@testable import Store

@Suite struct SearchWindowTests {
    @Test func aCommonWordIsRankedAmongItsNewestMatchesAndARareOldOneIsStillFound() async throws {
        let dir = try TemporaryDirectory()
        let store = try Store(path: dir.databasePath)
        let session = try await store.createSession(kind: .chat, title: "many")
        // The oldest message is the best match for "lantern" and also holds a rare word;
        // then more than a window of weaker matches follows.
        var drafts = [MessageDraft(sessionID: session.id, role: .user, speaker: "you",
                                   content: "lantern lantern lantern lantern quasar")]
        for index in 0..<(Store.searchWindow + 50) {
            drafts.append(MessageDraft(sessionID: session.id, role: .assistant, speaker: "m",
                                       content: "a lantern by the river, note \(index) of a long evening walk"))
        }
        let ids = try await store.insertMessages(drafts)
        let oldest = try #require(ids.first)

        let common = try await store.search("lantern", limit: 20)
        #expect(common.count == 20)
        #expect(!common.contains { $0.messageID == oldest }, "outside the newest window")
        let windowStart = ids[ids.count - Store.searchWindow]
        #expect(common.allSatisfy { $0.messageID >= windowStart })

        let rare = try await store.search("quasar")
        #expect(rare.map(\.messageID) == [oldest], "few matches: every one is ranked")
        let both = try await store.search("lantern quasar")
        #expect(both.map(\.messageID) == [oldest], "the window counts matches of the whole query")
        try await store.close()
    }
}
