import Foundation

/// Turns what a person typed into safe FTS5 input: never an FTS5 expression.
///
/// Each whitespace-separated word that holds a letter or digit becomes a quoted phrase
/// (`"` doubled inside), so operators (`AND`, `OR`, `NOT`, `NEAR`), parentheses, `*`, `^`
/// and column filters are plain text; words are ANDed. Words of scripts written without
/// spaces (CJK, Thai, ...) switch to substring search over the trigram index. A plain value.
struct SearchQuery: Equatable {
    /// At most this many words are used (the rest are dropped).
    static let maxTerms = 16

    let terms: [String]
    /// True when a term contains a script that unicode61 cannot split into words.
    let needsSubstring: Bool

    init(_ text: String) {
        let words = text.split(whereSeparator: { $0.isWhitespace })
            .map { String($0.unicodeScalars.filter { !$0.properties.generalCategory.isControlOrFormat }) }
            .filter { word in word.unicodeScalars.contains { $0.properties.isAlphabetic || $0.properties.numericType != nil } }
        terms = Array(words.prefix(SearchQuery.maxTerms))
        needsSubstring = terms.contains { $0.unicodeScalars.contains(where: SearchQuery.isUnspacedScript) }
    }

    var isEmpty: Bool { terms.isEmpty }

    /// `"word" "wo""rd"`: every term a phrase, all required.
    static func phrases(_ terms: [String]) -> String {
        terms.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: " ")
    }

    /// Terms the trigram index can match (three characters or more) and the rest.
    var substringSplit: (long: [String], short: [String]) {
        (terms.filter { $0.count >= 3 }, terms.filter { $0.count < 3 })
    }

    /// Scripts written without spaces between words (or with particles glued on), where
    /// unicode61 makes one token of a whole run.
    static func isUnspacedScript(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0E00...0x0EFF,   // Thai, Lao
             0x1000...0x109F,   // Myanmar
             0x1100...0x11FF,   // Hangul Jamo
             0x1780...0x17FF,   // Khmer
             0x2E80...0x2FDF,   // CJK radicals
             0x3040...0x30FF,   // Hiragana, Katakana
             0x3100...0x31FF,   // Bopomofo, Hangul compatibility Jamo, Katakana extensions
             0x3400...0x4DBF,   // CJK extension A
             0x4E00...0x9FFF,   // CJK unified ideographs
             0xAC00...0xD7AF,   // Hangul syllables
             0xF900...0xFAFF,   // CJK compatibility ideographs
             0xFF66...0xFF9F,   // halfwidth Katakana
             0x20000...0x3134F: // CJK extensions B-G
            return true
        default:
            return false
        }
    }
}

private extension Unicode.GeneralCategory {
    var isControlOrFormat: Bool {
        switch self {
        case .control, .format, .surrogate, .unassigned: return true
        default: return false
        }
    }
}
