/// How many terminal columns text takes, computed in pure Swift from Unicode properties
/// (`Unicode.Scalar.Properties`) and a table of East Asian Wide/Fullwidth ranges
/// (Swift exposes no East_Asian_Width property).
///
/// Two measures, because terminals disagree:
/// - `columns(of: Unicode.Scalar)` is what `wcwidth` gives: 0 (controls, combining and
///   format characters, Hangul medial/final jamo), 2 (East Asian Wide/Fullwidth, emoji
///   presentation) or 1. ncurses advances its cursor by this, scalar by scalar.
/// - `columns(of: Character)` is the width of one grapheme as modern terminals draw it:
///   an emoji sequence (ZWJ sequence, flag, keycap, `VS16`, skin tone) is 2; anything else
///   is the sum of its scalars' widths.
///
/// Known caveats: a ZWJ sequence such as 👨‍👩‍👧 is 2 here but 6 by `wcwidth` (and drawn as
/// 6 by terminals without ZWJ support); ❤️ (a text-default base with `VS16`) is 2 here but 1
/// by glibc `wcwidth` and tmux; a flag 🇯🇵 is 2 here but 1+1 in tmux. Layout that must agree
/// with ncurses should sum `columns(of: Unicode.Scalar)`.
///
/// Stateless and pure: callable from any actor or thread.
public enum DisplayWidth {
    /// Columns of one scalar as `wcwidth` counts it: 0, 1 or 2 (controls are 0, not -1).
    @inlinable
    public static func columns(of scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value < 0x7F { return value >= 0x20 ? 1 : 0 }
        if value < 0xA0 { return 0 }
        if value < 0x300 { return 1 }
        return nonLatinColumns(scalar)
    }

    /// Columns of one grapheme as a modern terminal draws it (see the type's caveats).
    public static func columns(of character: Character) -> Int {
        let scalars = character.unicodeScalars
        guard let first = scalars.first else { return 0 }
        if scalars.index(after: scalars.startIndex) == scalars.endIndex {
            return columns(of: first)
        }
        let firstProperties = first.properties
        if (0x1F1E6...0x1F1FF).contains(first.value) { return 2 }  // regional indicator (flag)
        var sum = 0
        var emojiSequence = firstProperties.isEmojiPresentation
        for scalar in scalars {
            switch scalar.value {
            case 0xFE0F where firstProperties.isEmoji:  // VS16: emoji presentation
                emojiSequence = true
            case 0xFE0E:  // VS15: text presentation
                return max(1, columns(of: first))
            case 0x200D where firstProperties.isEmoji && first.value >= 0xA9:  // ZWJ sequence drawn as one emoji
                emojiSequence = true
            case 0x20E3:  // combining enclosing keycap
                emojiSequence = true
            default:
                sum += columns(of: scalar)
            }
        }
        return emojiSequence ? 2 : sum
    }

    /// Columns of a whole string: the sum of its graphemes' columns. Printable ASCII is its length.
    public static func columns(of text: String) -> Int {
        var asciiOnly = true
        for byte in text.utf8 where byte < 0x20 || byte >= 0x7F {
            asciiOnly = false
            break
        }
        if asciiOnly { return text.utf8.count }
        var total = 0
        for character in text {
            total += columns(of: character)
        }
        return total
    }

    /// The slow path of `columns(of: Unicode.Scalar)` for scalars from U+0300 on.
    @usableFromInline
    static func nonLatinColumns(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if (0x4E00...0x9FFF).contains(value) || (0xAC00...0xD7A3).contains(value) { return 2 }
        if (0x1160...0x11FF).contains(value) || (0xD7B0...0xD7FF).contains(value) { return 0 }
        let properties = scalar.properties
        switch properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format, .control, .lineSeparator, .paragraphSeparator:
            return 0
        default:
            break
        }
        if properties.isEmojiPresentation { return 2 }
        return WideRanges.contains(value) ? 2 : 1
    }
}
