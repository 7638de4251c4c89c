import Core

/// Columns a grapheme takes in a `CellBuffer`: `DisplayWidth.columns(of: Character)` clamped to
/// 1...2 (a grapheme that measures 0, such as a lone combining mark, is drawn on a dotted
/// circle, one column). Stateless; callable from anywhere.
public enum CellWidth {
    /// The dotted circle a lone combining mark is drawn on.
    static let markBase: Unicode.Scalar = "\u{25CC}"

    /// Width of one grapheme in cells: 1 or 2.
    public static func of(_ grapheme: Character) -> Int {
        if let ascii = grapheme.asciiValue, ascii >= 0x20 { return 1 }
        return min(2, max(1, DisplayWidth.columns(of: grapheme)))
    }

    /// Width of a whole string in cells (sum of its graphemes).
    public static func of(_ text: String) -> Int {
        var asciiOnly = true
        for byte in text.utf8 where byte < 0x20 || byte >= 0x7F {
            asciiOnly = false
            break
        }
        if asciiOnly { return text.utf8.count }
        return text.reduce(0) { $0 + of($1) }
    }

    /// The grapheme as it is stored in a cell: one that measures 0 columns gets a dotted
    /// circle base so it cannot combine with its neighbour on screen.
    static func drawable(_ grapheme: Character) -> Character {
        if grapheme.asciiValue != nil { return grapheme }
        if DisplayWidth.columns(of: grapheme) == 0 {
            var scalars = String.UnicodeScalarView()
            scalars.append(markBase)
            scalars.append(contentsOf: grapheme.unicodeScalars)
            let combined = String(scalars)
            // A scalar that does not extend the circle (a lone Hangul vowel jamo) would make two
            // graphemes: draw the replacement character instead.
            guard combined.count == 1, let single = combined.first else { return "\u{FFFD}" }
            return single
        }
        return grapheme
    }
}
