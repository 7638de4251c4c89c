/// How one cell's grapheme goes onto an ncurses screen, which advances its cursor by `wcwidth`
/// per scalar while the cell buffer measures whole graphemes. Where the two disagree (ZWJ
/// sequences, ❤️ with VS16, flags) the plan draws something whose ncurses width equals the
/// cell width, so ncurses' idea of the cursor never drifts from the screen's:
/// - one spacing scalar of the right width: drawn with its combining marks (at most 4);
/// - several spacing scalars whose widths add up (a flag's two regional indicators): one cell
///   each;
/// - a ZWJ sequence: its first emoji, when that has the cell's width;
/// - a narrow base in a wide cell (❤️): the base without the selector, then a space;
/// - anything else: U+FFFD padded with spaces.
/// Pure; `columns` is the terminal's width table (glibc `wcwidth` in the adapter).
public enum GlyphPlan {
    /// One ncurses cell to draw: a spacing scalar followed by zero-width ones, and its columns.
    public struct Piece: Sendable, Hashable {
        public var scalars: [Unicode.Scalar]
        public var columns: Int
    }

    /// The pieces for `grapheme` in a cell `width` columns wide; their columns add up to `width`.
    public static func plan(_ grapheme: Character, width: Int, columns: (Unicode.Scalar) -> Int) -> [Piece] {
        let scalars = Array(grapheme.unicodeScalars)
        guard let first = scalars.first, width >= 1 else { return [] }
        let firstWidth = columns(first)
        let rest = scalars.dropFirst()
        let marks = rest.filter { columns($0) == 0 && !isSelectorOrJoiner($0) }
        let spacing = scalars.filter { columns($0) > 0 }
        if firstWidth == width, spacing.count == 1 {
            return [Piece(scalars: [first] + marks.prefix(4), columns: width)]
        }
        if spacing.count > 1, spacing.map(columns).reduce(0, +) == width, spacing.count == width,
           !scalars.contains(where: { $0.value == 0x200D }) {
            return spacing.map { Piece(scalars: [$0], columns: 1) }
        }
        if firstWidth == width {
            return [Piece(scalars: [first], columns: width)]
        }
        if firstWidth == 1, width == 2 {
            return [Piece(scalars: [first] + marks.prefix(4), columns: 1), Piece(scalars: [" "], columns: 1)]
        }
        return [Piece(scalars: ["\u{FFFD}"], columns: 1)] + Array(repeating: Piece(scalars: [" "], columns: 1), count: width - 1)
    }

    private static func isSelectorOrJoiner(_ scalar: Unicode.Scalar) -> Bool {
        (0xFE00...0xFE0F).contains(scalar.value) || scalar.value == 0x200D
    }
}
