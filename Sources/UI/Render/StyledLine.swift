/// A line of text in segments of one style each, ready to draw; what widgets build before
/// they touch the buffer. A plain value.
struct StyledLine: Sendable, Hashable {
    var segments: [(text: String, style: Style)]

    init(_ segments: [(text: String, style: Style)] = []) {
        self.segments = segments
    }

    init(_ text: String, _ style: Style) {
        self.segments = [(text, style)]
    }

    static let blank = StyledLine()

    static func == (lhs: StyledLine, rhs: StyledLine) -> Bool {
        lhs.segments.count == rhs.segments.count
            && zip(lhs.segments, rhs.segments).allSatisfy { $0.text == $1.text && $0.style == $1.style }
    }

    func hash(into hasher: inout Hasher) {
        for segment in segments {
            hasher.combine(segment.text)
            hasher.combine(segment.style)
        }
    }

    /// The line cut to `width` cells, ending in `…` when cut.
    func fitted(to width: Int) -> StyledLine {
        var remaining = width
        var result: [(text: String, style: Style)] = []
        for (offset, segment) in segments.enumerated() {
            let cells = CellWidth.of(segment.text)
            let isLast = offset == segments.count - 1
            if cells <= remaining && (isLast || cells < remaining) {
                result.append(segment)
                remaining -= cells
                continue
            }
            let restWidth = segments[offset...].reduce(0) { $0 + CellWidth.of($1.text) }
            if restWidth <= remaining {
                result.append(contentsOf: segments[offset...])
                break
            }
            result.append((Chrome.truncate(segment.text, remaining), segment.style))
            break
        }
        return StyledLine(result)
    }

    /// Draws the line at (`x`, `y`), clipped to `clip`; returns the column after it.
    @discardableResult
    func draw(into buffer: inout CellBuffer, x: Int, y: Int, clip: Rect) -> Int {
        var column = x
        for segment in segments {
            column = buffer.write(segment.text, x: column, y: y, style: segment.style, clip: clip)
        }
        return column
    }
}

/// The braille spinner the board and conversation show for running work.
enum Spinner {
    static let frames: [Character] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]

    static func frame(_ tick: Int) -> String {
        String(frames[((tick % frames.count) + frames.count) % frames.count])
    }
}
