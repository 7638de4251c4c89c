/// Text views of a buffer, for tests and snapshots.
extension CellBuffer {
    /// Each row as text: continuation cells are skipped (the wide grapheme before them already
    /// covers them) and trailing blanks are trimmed.
    public func lines() -> [String] {
        (0..<size.height).map { row in
            var text = ""
            for column in 0..<size.width {
                let cell = self[column, row]
                if !cell.isContinuation { text.append(cell.grapheme) }
            }
            while text.last == " " { text.removeLast() }
            return text
        }
    }

    /// All rows joined with line feeds.
    public var text: String { lines().joined(separator: "\n") }

    /// The row of `text` that contains `needle`, if any (a test helper).
    public func row(containing needle: String) -> Int? {
        lines().firstIndex { $0.contains(needle) }
    }

    /// The style of the first cell of the first occurrence of `needle`, if it is shown.
    public func style(of needle: String) -> Style? {
        guard let first = needle.first else { return nil }
        for row in 0..<size.height {
            var columns: [Int] = []
            var text = ""
            for column in 0..<size.width where !self[column, row].isContinuation {
                columns.append(column)
                text.append(self[column, row].grapheme)
            }
            guard let range = text.range(of: needle) else { continue }
            let offset = text.distance(from: text.startIndex, to: range.lowerBound)
            guard offset < columns.count, self[columns[offset], row].grapheme == first else { continue }
            return self[columns[offset], row].style
        }
        return nil
    }
}
