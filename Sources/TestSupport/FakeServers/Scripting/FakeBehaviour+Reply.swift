extension FakeBehaviour {
    /// What a fake answers. Pieces never split a Unicode character (grapheme cluster).
    public enum Reply: Sendable {
        /// A fixed text: split at word boundaries when `tokens` is nil, else into `tokens`
        /// near-equal pieces (fewer when the text has fewer characters).
        case text(String, tokens: Int? = nil)
        /// `tokens` pieces from a fixed vocabulary; see `generatedText(tokens:)`.
        case generated(tokens: Int)
        /// A text computed from the parsed request, split like `.text`.
        case responder(tokens: Int? = nil, @Sendable (FakeChatRequest) -> String)

        /// The generated vocabulary: piece 0 is "The", then these repeat in order. It holds
        /// two- three- and four-byte UTF-8 characters on purpose.
        public static let vocabulary = [
            " quick", " brown", " fox", " jumps", " over", " the", " lazy", " dog", ",",
            " café", " naïve", " 海", " 🌊", " and", " then", " rests", ".",
        ]

        /// The text `.generated(tokens: count)` streams.
        public static func generatedText(tokens count: Int) -> String {
            (0..<max(0, count)).map(generatedPiece).joined()
        }

        /// Piece `index` of a generated reply.
        public static func generatedPiece(_ index: Int) -> String {
            index == 0 ? "The" : vocabulary[(index - 1) % vocabulary.count]
        }

        /// The pieces this reply streams for a request.
        func pieces(for request: FakeChatRequest) -> [String] {
            switch self {
            case .text(let text, let tokens): return FakeBehaviour.split(text, into: tokens)
            case .generated(let count): return (0..<max(0, count)).map(Self.generatedPiece)
            case .responder(let tokens, let answer): return FakeBehaviour.split(answer(request), into: tokens)
            }
        }
    }

    /// Splits text into streamed pieces: at word boundaries (each piece is a run of
    /// whitespace followed by a run of non-whitespace, e.g. "Hello", " world!") when `count`
    /// is nil, else into `count` pieces of near-equal character counts. The pieces always
    /// join back to `text`; empty text gives no pieces.
    public static func split(_ text: String, into count: Int? = nil) -> [String] {
        guard !text.isEmpty else { return [] }
        if let count {
            let characters = Array(text)
            let parts = max(1, min(count, characters.count))
            var pieces: [String] = []
            pieces.reserveCapacity(parts)
            var start = 0
            for part in 0..<parts {
                let end = (part + 1) * characters.count / parts
                pieces.append(String(characters[start..<end]))
                start = end
            }
            return pieces
        }
        var pieces: [String] = []
        var current = ""
        var inWord = false
        for character in text {
            let isSpace = character.isWhitespace
            if isSpace && inWord {
                pieces.append(current)
                current = ""
                inWord = false
            }
            if !isSpace { inWord = true }
            current.append(character)
        }
        if !current.isEmpty { pieces.append(current) }
        return pieces
    }
}
