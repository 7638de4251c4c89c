/// One cell of a `CellBuffer`: a grapheme and its style.
///
/// Invariants: `grapheme` is one printable grapheme cluster, inert (no control, no bidi
/// control) and 1 or 2 columns wide; a 2-column grapheme is followed in its row by a cell with
/// `isContinuation == true`, which draws nothing and carries the same style. A plain value.
public struct Cell: Sendable, Hashable {
    public var grapheme: Character
    public var style: Style
    public var isContinuation: Bool

    public init(_ grapheme: Character = " ", style: Style = .plain, isContinuation: Bool = false) {
        self.grapheme = grapheme
        self.style = style
        self.isContinuation = isContinuation
    }

    /// A blank cell in `style`.
    public static func blank(_ style: Style = .plain) -> Cell { Cell(" ", style: style) }

    /// The second half of a wide grapheme.
    static func continuation(_ style: Style) -> Cell { Cell(" ", style: style, isContinuation: true) }

    /// Columns this cell's grapheme occupies (0 for a continuation).
    public var width: Int { isContinuation ? 0 : CellWidth.of(grapheme) }
}
