import Core
import Foundation
import Store

/// Builds the big-history database: `sessions` chat sessions holding `messages` finished
/// messages in all, through `Store.insertMessages` in batches of 20,000. The last session
/// (the most recently active, which the studio opens) is a long one of `lastSessionMessages`.
/// Text is deterministic (SplitMix64): user turns of 8-25 words and answers of 20-70
/// from a 4,000-word made-up vocabulary with a Zipf-like skew, the common word `light` in
/// about a third of the messages and the rare word `zyzzyva` in exactly three. Written to a
/// temporary file and renamed into place, so an interrupted run leaves no half database.
struct HistoryGenerator {
    /// Bump when the generated content changes, so cached files are regenerated.
    static let version = 1
    static let commonWord = "light"
    static let rareWord = "zyzzyva"
    static let rareCount = 3

    let sessions: Int
    let messages: Int
    let lastSessionMessages: Int

    /// The cached file for this shape under `directory`.
    func path(in directory: String) -> String {
        (directory as NSString).appendingPathComponent("history-\(messages)m-\(sessions)s-v\(Self.version).db")
    }

    /// Generates the database at `path` (replacing nothing: the caller checks the cache).
    func generate(at path: String, log: (String) -> Void) async throws {
        let temporary = path + ".partial"
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: temporary + suffix) }
        let store = try Store(path: temporary)
        var random = SplitMix64(seed: 0xA7E1_1E12)
        let vocabulary = Self.vocabulary(&random)
        let others = messages - lastSessionMessages
        let rarePositions = Set([messages / 80, messages / 2, messages - messages / 50])
        var position = 0
        var batch: [MessageDraft] = []
        batch.reserveCapacity(20_000)
        for index in 0..<sessions {
            let session = try await store.createSession(kind: .chat, title: "history \(index + 1)")
            let isLast = index == sessions - 1
            let count = isLast ? lastSessionMessages
                : others / (sessions - 1) + (index < others % (sessions - 1) ? 1 : 0)
            for turn in 0..<count {
                let isUser = turn % 2 == 0
                var words = Self.words(&random, vocabulary: vocabulary, count: isUser ? 8 + random.below(18) : 20 + random.below(51))
                if random.below(3) == 0 { words.insert(Self.commonWord, at: random.below(words.count)) }
                if rarePositions.contains(position) { words.insert(Self.rareWord, at: random.below(words.count)) }
                batch.append(MessageDraft(sessionID: session.id, role: isUser ? .user : .assistant,
                                          speaker: isUser ? "you" : "bench:m1", model: isUser ? nil : "bench:m1",
                                          content: Self.sentence(words)))
                position += 1
                if batch.count == 20_000 {
                    try await store.insertMessages(batch)
                    batch.removeAll(keepingCapacity: true)
                    if position % 100_000 == 0 { log("  generated \(position) of \(messages) messages") }
                }
            }
        }
        try await store.insertMessages(batch)
        try await store.close()
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: temporary + suffix) }
        try FileManager.default.moveItem(atPath: temporary, toPath: path)
    }

    private static func words(_ random: inout SplitMix64, vocabulary: [String], count: Int) -> [String] {
        (0..<count).map { _ in
            let u = Double(random.next() >> 11) / Double(1 << 53)
            return vocabulary[min(vocabulary.count - 1, Int(pow(u, 2.5) * Double(vocabulary.count)))]
        }
    }

    private static func sentence(_ words: [String]) -> String {
        var text = words.joined(separator: " ")
        if let first = text.first { text.replaceSubrange(text.startIndex...text.startIndex, with: first.uppercased()) }
        return text + "."
    }

    /// Made-up words of two to four syllables; none contains `z` or `y`, so none is the rare word.
    private static func vocabulary(_ random: inout SplitMix64) -> [String] {
        let onsets = ["b", "c", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "br", "st", "tr", "pl"]
        let vowels = ["a", "e", "i", "o", "u", "ai", "ea", "ou"]
        var words = Set<String>()
        var list: [String] = []
        while list.count < 4_000 {
            let syllables = 2 + random.below(3)
            let word = (0..<syllables).map { _ in onsets[random.below(onsets.count)] + vowels[random.below(vowels.count)] }.joined()
            if word != commonWord, words.insert(word).inserted { list.append(word) }
        }
        return list
    }
}

/// A small, fast, reproducible pseudo-random generator (SplitMix64). A plain value.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A value in 0..<bound (bound > 0).
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(max(1, bound))) }
}
