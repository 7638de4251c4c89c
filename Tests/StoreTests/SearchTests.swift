import Foundation
import Testing
@testable import Store
import Core

@Suite struct SearchTests {
    private func seeded() async throws -> (TemporaryDirectory, Store, [String: Int64]) {
        let dir = try TemporaryDirectory()
        let store = try Store(path: dir.databasePath)
        let session = try await store.createSession(kind: .team, title: "Night market")
        var ids: [String: Int64] = [:]
        let texts = [
            "rare": "The lantern seller wore a chartreuse cloak under the pergola.",
            "accent": "Un café crème à la terrasse, s'il vous plaît.",
            "cjk": "夜市的灯笼你好世界，红色的光。",
            "plain": "A plain sentence about the night and its colours.",
            "quote": "She said \"AND OR NOT\" (loudly) near the stall.",
        ]
        for (key, text) in texts.sorted(by: { $0.key < $1.key }) {
            let message = try await store.insertMessage(sessionID: session.id, role: .assistant, speaker: "Luna", content: text)
            ids[key] = message.id
        }
        return (dir, store, ids)
    }

    @Test func findsRareWordWithMarkedSnippet() async throws {
        let (_, store, ids) = try await seeded()
        let hits = try await store.search("chartreuse")
        #expect(hits.map(\.messageID) == [ids["rare"]])
        let hit = try #require(hits.first)
        #expect(hit.snippet.contains("[chartreuse]"))
        #expect(hit.sessionTitle == "Night market")
        #expect(hit.speaker == "Luna")
        #expect(try await store.search("CHARTREUSE pergola").map(\.messageID) == [ids["rare"]])
    }

    @Test func ignoresDiacritics() async throws {
        let (_, store, ids) = try await seeded()
        #expect(try await store.search("cafe creme").map(\.messageID) == [ids["accent"]])
        #expect(try await store.search("plait").map(\.messageID) == [ids["accent"]])
        #expect(try await store.search("CAFÉ").map(\.messageID) == [ids["accent"]])
    }

    @Test func absentWordsFindNothing() async throws {
        let (_, store, _) = try await seeded()
        #expect(try await store.search("xylophone").isEmpty)
        #expect(try await store.search("chartreuse xylophone").isEmpty)   // every word must match
        #expect(try await store.search("").isEmpty)
        #expect(try await store.search("chartreuse", limit: 0).isEmpty)
    }

    @Test(arguments: ["\"", "AND OR (", "NOT", "NEAR(a b)", "*", "\"unbalanced", "content:lantern", "^lantern",
                      "-", "a OR", ")", "'", "\u{0}", "lantern*", "((((", "\"\"\"\"", "col:", "{a b}: c", "😀", "\u{202E}"])
    func hostileQueriesNeverThrow(_ query: String) async throws {
        let (_, store, _) = try await seeded()
        _ = try await store.search(query)
    }

    @Test func operatorsAreSearchedAsWords() async throws {
        let (_, store, ids) = try await seeded()
        // Quoted operator words are plain words here, found in the message that says them.
        #expect(try await store.search("AND OR NOT").map(\.messageID) == [ids["quote"]])
        #expect(try await store.search("\"loudly\"").map(\.messageID) == [ids["quote"]])
        #expect(try await store.search("content:lantern").isEmpty)   // not a column filter: "content lantern" as a phrase
    }

    @Test func findsCJKSubstrings() async throws {
        let (_, store, ids) = try await seeded()
        let short = try await store.search("世界")             // two characters: scanned
        #expect(short.map(\.messageID) == [ids["cjk"]])
        #expect(short.first?.snippet.contains("[世界]") == true)
        let long = try await store.search("灯笼你好")           // trigram index
        #expect(long.map(\.messageID) == [ids["cjk"]])
        #expect(long.first?.snippet.contains("[灯笼你好]") == true)
        #expect(try await store.search("世界 红色").map(\.messageID) == [ids["cjk"]])
        #expect(try await store.search("灯笼你好 蓝色").isEmpty)
        #expect(try await store.search("宇宙").isEmpty)
    }

    @Test func streamingMessagesAreSearchableOnceFinished() async throws {
        let (_, store, _) = try await seeded()
        let session = try #require(try await store.lastSession())
        let writer = try await store.startStreamingMessage(sessionID: session.id, speaker: "Frame", model: "ollama:qwen")
        writer.append("a vermilion ")
        writer.append("horizon")
        try await writer.flush()
        #expect(try await store.message(id: writer.messageID)?.content == "a vermilion horizon")
        #expect(try await store.search("vermilion").isEmpty)
        try await writer.finish()
        #expect(try await store.search("vermilion").map(\.messageID) == [writer.messageID])
        // Replacing a finished message's text re-indexes it.
        try await store.finishMessage(id: writer.messageID, status: .complete, content: "a cobalt horizon")
        #expect(try await store.search("vermilion").isEmpty)
        #expect(try await store.search("cobalt").map(\.messageID) == [writer.messageID])
    }

    @Test func queryBuilderQuotesEveryWord() {
        let query = SearchQuery("say \"hi\" AND ( x")
        #expect(query.terms == ["say", "\"hi\"", "AND", "x"])
        #expect(SearchQuery.phrases(query.terms) == "\"say\" \"\"\"hi\"\"\" \"AND\" \"x\"")
        #expect(SearchQuery("( ) \" *").isEmpty)
        #expect(SearchQuery("東京 tower").needsSubstring)
        #expect(!SearchQuery("tower café").needsSubstring)
    }

    @Test func snippetMarksEveryMatchInWindow() {
        let text = String(repeating: "x", count: 50) + "世界和世界" + String(repeating: "y", count: 60)
        let snippet = SnippetMaker.snippet(of: text, marking: ["世界"])
        #expect(snippet.hasPrefix("…"))
        #expect(snippet.hasSuffix("…"))
        #expect(snippet.contains("[世界]和[世界]"))
    }
}
