import Foundation

/// Decides when refinement is over: consensus (a turn agrees and brings nothing new) and
/// repetition (a speaker says again what they said before). Stateless apart from its
/// thresholds; a plain value.
///
/// Agreement: the turn holds an agreement marker (`i agree`, `sounds good`, `let's go with`,
/// `on board`, `no objection`, `ready to generate`...) and no disagreement marker
/// (`disagree`, `don't agree`, `i'd rather`, `instead of`, `not convinced`, `not ready`...).
/// No new ideas: at most `noveltyThreshold` of its content words are new to the
/// conversation. Repetition: Jaccard similarity with one of the speaker's earlier turns at
/// or above `repetitionThreshold`, for turns of at least `minimumWords` content words.
public struct ConsensusDetector: Sendable {
    public var noveltyThreshold: Double
    public var repetitionThreshold: Double
    public var minimumWords: Int

    public init(noveltyThreshold: Double = 0.5, repetitionThreshold: Double = 0.8, minimumWords: Int = 4) {
        self.noveltyThreshold = noveltyThreshold
        self.repetitionThreshold = repetitionThreshold
        self.minimumWords = minimumWords
    }

    /// True when `text` says it agrees and does not object.
    public func agrees(_ text: String) -> Bool {
        let plain = Self.normalise(text)
        guard Self.agreement.contains(where: plain.contains) else { return false }
        return !Self.disagreement.contains(where: plain.contains)
    }

    /// True when `text` agrees and adds (almost) nothing to `earlier` turns.
    public func consents(_ text: String, earlier: [String]) -> Bool {
        guard agrees(text) else { return false }
        let known = earlier.reduce(into: Set<String>()) { $0.formUnion(TextSimilarity.words($1)) }
        return TextSimilarity.novelty(TextSimilarity.words(text), against: known) <= noveltyThreshold
    }

    /// The highest similarity of `text` with one of `earlier` (the same speaker's turns)
    /// when it reaches the threshold; nil otherwise or for a short turn.
    public func repetition(_ text: String, earlier: [String]) -> Double? {
        let words = TextSimilarity.words(text)
        guard words.count >= minimumWords else { return nil }
        let best = earlier.map { TextSimilarity.jaccard(words, TextSimilarity.words($0)) }.max() ?? 0
        return best >= repetitionThreshold ? best : nil
    }

    static func normalise(_ text: String) -> String {
        let lowered = text.lowercased().replacingOccurrences(of: "’", with: "'")
        return " " + lowered.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ") + " "
    }

    static let agreement = [
        "i agree", "we agree", "agreed", "agree with", "sounds good", "sounds great", "sounds right",
        "works for me", "i'm happy with", "i am happy with", "happy with this", "happy with that",
        "let's go with", "lets go with", "on board", "no objection", "ready to generate", "we're aligned",
        "we are aligned", "consensus", "i'm in", "nothing to add", "nothing new to add", "that settles it", "+1",
    ]

    static let disagreement = [
        "disagree", "don't agree", "do not agree", "not agree", "object to", "i'd rather", "i would rather",
        "instead of", "not convinced", "not sure", "no consensus", "not ready", "don't think", "do not think",
    ]
}
