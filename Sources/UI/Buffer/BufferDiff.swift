/// A run of changed cells on one row, as `CellBuffer.diff(from:to:)` yields it: the terminal
/// adapter moves to (`x`, `y`) and draws `cells` left to right (skipping continuations).
///
/// Invariant: a run never starts on a continuation cell and never ends between a wide grapheme
/// and its continuation. A plain value.
public struct CellRun: Sendable, Hashable {
    public var x: Int
    public var y: Int
    public var cells: [Cell]

    public init(x: Int, y: Int, cells: [Cell]) {
        self.x = x
        self.y = y
        self.cells = cells
    }
}

extension CellBuffer {
    /// The runs of cells that differ between `old` and `new` (ratatui's buffer diff). When the
    /// sizes differ every row of `new` is one run, since the screen is redrawn whole.
    public static func diff(from old: CellBuffer, to new: CellBuffer) -> [CellRun] {
        let width = new.size.width
        guard old.size == new.size else {
            return (0..<new.size.height).compactMap { row in
                width == 0 ? nil : CellRun(x: 0, y: row, cells: Array(new.cells[(row * width)..<((row + 1) * width)]))
            }
        }
        var runs: [CellRun] = []
        for row in 0..<new.size.height {
            let base = row * width
            var column = 0
            while column < width {
                guard old.cells[base + column] != new.cells[base + column] else {
                    column += 1
                    continue
                }
                var start = column
                if new.cells[base + start].isContinuation, start > 0 { start -= 1 }
                var end = column + 1
                while end < width, old.cells[base + end] != new.cells[base + end] { end += 1 }
                if end < width, new.cells[base + end].isContinuation { end += 1 }
                if let last = runs.last, last.y == row, last.x + last.cells.count >= start {
                    // Touching the previous run (after widening): extend it instead.
                    let from = last.x + last.cells.count
                    runs[runs.count - 1].cells.append(contentsOf: new.cells[(base + from)..<(base + end)])
                } else {
                    runs.append(CellRun(x: start, y: row, cells: Array(new.cells[(base + start)..<(base + end)])))
                }
                column = end
            }
        }
        return runs
    }

    /// The number of cells the runs cover (what a terminal would redraw).
    public static func cellCount(_ runs: [CellRun]) -> Int {
        runs.reduce(0) { $0 + $1.cells.count }
    }
}

