/// Word-level comparison of specialists' turns: content-word sets, Jaccard similarity
/// (repetition) and novelty against what was already said (consensus). Stateless.
///
/// A content word is a lowercased run of letters or digits of at least three characters
/// that is not a stop word or a discussion word (`agree`, `plan`, `think`...); a trailing
/// plural `s` is dropped from words longer than four characters, so `colours` and
/// `colour` count as one.
public enum TextSimilarity {
    /// The content words of `text`.
    public static func words(_ text: String) -> Set<String> {
        var result: Set<String> = []
        var current = ""
        func flush() {
            defer { current = "" }
            guard current.count >= 3, !stopWords.contains(current) else { return }
            var word = current
            if word.count > 4, word.hasSuffix("s"), !word.hasSuffix("ss") { word.removeLast() }
            if !stopWords.contains(word) { result.insert(word) }
        }
        for char in text.lowercased() {
            if char.isLetter || char.isNumber {
                current.append(char)
            } else if char != "'" && char != "’" {
                flush()
            }
        }
        flush()
        return result
    }

    /// |a ∩ b| / |a ∪ b|; 0 when both are empty.
    public static func jaccard(_ a: Set<String>, _ b: Set<String>) -> Double {
        let union = a.union(b).count
        return union == 0 ? 0 : Double(a.intersection(b).count) / Double(union)
    }

    /// The share of `turn`'s words that `known` does not hold; 0 for a turn with no content words.
    public static func novelty(_ turn: Set<String>, against known: Set<String>) -> Double {
        turn.isEmpty ? 0 : Double(turn.subtracting(known).count) / Double(turn.count)
    }

    static let stopWords: Set<String> = [
        "the", "and", "but", "for", "with", "that", "this", "these", "those", "then", "than", "there", "their",
        "they", "them", "you", "your", "yours", "are", "was", "were", "been", "being", "have", "has", "had",
        "not", "can", "could", "would", "should", "will", "shall", "may", "might", "must", "its", "into",
        "onto", "from", "over", "under", "about", "what", "which", "who", "whom", "whose", "when", "where",
        "how", "all", "any", "both", "each", "few", "more", "most", "other", "some", "such", "only", "own",
        "same", "too", "very", "just", "also", "our", "ours", "out", "off", "again", "further", "once", "here",
        "his", "her", "hers", "him", "she", "one", "let", "lets", "let's", "i'm", "we're", "it's", "don't",
        "yes", "yeah", "okay", "like", "love", "think", "agree", "agreed", "agreeing", "plan", "idea", "ideas",
        "sound", "sounds", "good", "great", "perfect", "happy", "ready", "generate", "consensus", "team",
        "everyone", "everything", "nothing", "add", "new", "still", "keep", "going", "go", "really", "well",
        "makes", "make", "sense", "board", "works", "work", "objection", "objections", "exactly", "image",
        "luna", "frame", "saga", "pixel", "lens", "restate", "restating", "said", "says", "point", "way",
    ]
}
