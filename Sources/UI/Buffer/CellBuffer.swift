import Core

/// A grid of cells that widgets draw into and the terminal adapter copies to the screen
/// (ratatui's `Buffer`). Rendering builds a fresh buffer per frame; `diff(from:to:)` finds
/// what changed.
///
/// Invariants: `cells.count == size.width * size.height`; every cell holds an inert, printable
/// grapheme (`write` passes any text that is not inert through `TerminalSanitizer`, and turns
/// line feeds into ␊), so nothing drawn from a buffer can drive a terminal; a wide grapheme
/// always has its continuation cell right after it in the same row, and a continuation is
/// never left without its wide grapheme (overwriting either half blanks the other).
/// `cursor` is where the terminal cursor should rest after drawing (nil hides it).
/// A plain value; build and read it on any one task.
public struct CellBuffer: Sendable, Hashable {
    public private(set) var size: Size
    public private(set) var cells: [Cell]
    /// Where the terminal's cursor should be shown (the input caret), or nil to hide it.
    public var cursor: Position?

    public init(size: Size, fill: Cell = .blank()) {
        self.size = size
        self.cells = Array(repeating: fill, count: size.width * size.height)
    }

    /// The whole buffer as a rectangle.
    public var area: Rect { Rect(size) }

    /// The cell at (`x`, `y`); a blank cell outside the buffer.
    public subscript(x: Int, y: Int) -> Cell {
        guard x >= 0, y >= 0, x < size.width, y < size.height else { return .blank() }
        return cells[y * size.width + x]
    }

    /// Paints every cell of `rect` (clipped to the buffer) blank in `style`.
    public mutating func fill(_ rect: Rect, style: Style) {
        let target = rect.intersection(area)
        guard !target.isEmpty else { return }
        for row in target.y..<target.maxY {
            repairEdges(row: row, from: target.x, to: target.maxX)
            for column in target.x..<target.maxX {
                cells[row * size.width + column] = .blank(style)
            }
        }
    }

    /// Lays `style` over the existing cells of `rect` (text stays; used for highlights).
    public mutating func restyle(_ rect: Rect, with style: Style) {
        let target = rect.intersection(area)
        guard !target.isEmpty else { return }
        for row in target.y..<target.maxY {
            for column in target.x..<target.maxX {
                let index = row * size.width + column
                cells[index].style = cells[index].style.patched(with: style)
            }
        }
    }

    /// Writes `text` on one row from (`x`, `y`), clipped to `clip` and to the buffer, and
    /// returns the column after the last cell written. A wide grapheme that does not fit before
    /// the clip edge is drawn as a blank. Text that is not inert is sanitized first; a line feed
    /// shows as ␊.
    @discardableResult
    public mutating func write(_ text: String, x: Int, y: Int, style: Style, clip: Rect? = nil) -> Int {
        let bounds = (clip ?? area).intersection(area)
        guard y >= bounds.y, y < bounds.maxY else { return x }
        let safe = TerminalSanitizer.isInert(text) ? text : TerminalSanitizer.sanitize(text)
        var column = x
        for grapheme in safe {
            if column >= bounds.maxX { break }
            let shown: Character = grapheme == "\n" ? "\u{240A}" : CellWidth.drawable(grapheme)
            column = put(shown, x: column, y: y, style: style, bounds: bounds)
        }
        return column
    }

    /// Copies a run's cells in place, as a terminal would draw them (for headless backends and
    /// tests that check that drawing the diff reproduces the frame). Cells outside are dropped.
    public mutating func apply(_ run: CellRun) {
        guard run.y >= 0, run.y < size.height else { return }
        for (offset, cell) in run.cells.enumerated() {
            let column = run.x + offset
            guard column >= 0, column < size.width else { continue }
            cells[run.y * size.width + column] = cell
        }
    }

    /// Puts one grapheme at (`x`, `y`) inside `bounds`; returns the next column.
    private mutating func put(_ grapheme: Character, x: Int, y: Int, style: Style, bounds: Rect) -> Int {
        let width = CellWidth.of(grapheme)
        if x < bounds.x { return x + width }
        if width == 2 && x + 1 >= bounds.maxX {
            setCell(.blank(style), x: x, y: y)
            return x + 2
        }
        setCell(Cell(grapheme, style: style), x: x, y: y)
        if width == 2 { setCell(.continuation(style), x: x + 1, y: y) }
        return x + width
    }

    /// Sets one cell, blanking the other half of any wide grapheme it cuts through.
    private mutating func setCell(_ cell: Cell, x: Int, y: Int) {
        let index = y * size.width + x
        let old = cells[index]
        if old.isContinuation, x > 0, !cell.isContinuation {
            cells[index - 1] = .blank(cells[index - 1].style)
        }
        if old.width == 2, x + 1 < size.width, cells[index + 1].isContinuation {
            cells[index + 1] = .blank(cells[index + 1].style)
        }
        cells[index] = cell
    }

    /// Before a run of cells `from..<to` in `row` is replaced wholesale, blank the halves of wide
    /// graphemes that straddle its edges.
    private mutating func repairEdges(row: Int, from: Int, to: Int) {
        let base = row * size.width
        if from > 0, from < size.width, cells[base + from].isContinuation {
            cells[base + from - 1] = .blank(cells[base + from - 1].style)
        }
        if to > 0, to < size.width, cells[base + to].isContinuation {
            cells[base + to] = .blank(cells[base + to].style)
        }
    }
}

/// A cell position in a buffer. A plain value.
public struct Position: Sendable, Hashable {
    public var x: Int
    public var y: Int

    public init(x: Int, y: Int) {
        self.x = x
        self.y = y
    }
}
