/// Wraps text to a width in terminal cells, by grapheme clusters: never splits a cluster,
/// counts wide (CJK, emoji) graphemes as two cells, breaks at spaces where it can and before or
/// after any wide grapheme (CJK has no spaces), and hard-breaks a word longer than a line.
/// Line feeds end lines; a blank paragraph stays a blank line. Spaces at a break are dropped.
///
/// Invariant: every returned line is at most `width` cells, except that a single grapheme
/// wider than `width` (a wide one in a 1-cell column) gets a line of its own. Pure; any actor.
public enum TextWrap {
    /// The lines of `text` wrapped to `width` cells (at least one line; none when width < 1).
    public static func wrap(_ text: String, width: Int) -> [String] {
        wrapWithStarts(Substring(text), width: width).lines
    }

    /// How many lines `wrap` would return (without keeping them).
    public static func lineCount(_ text: String, width: Int) -> Int {
        wrap(text, width: width).count
    }

    /// The lines of `text` and, for each, the index in `text` where it begins. Wrapping
    /// `text[starts[k]...]` afresh gives `lines[k...]` again (each line starts with an empty
    /// state), which is what lets `WrapMemo` wrap only the new tail of a growing text.
    static func wrapWithStarts(_ text: Substring, width: Int) -> (lines: [String], starts: [String.Index]) {
        guard width >= 1 else { return ([], []) }
        var state = LineState(width: width)
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            wrapParagraph(paragraph, into: &state)
        }
        return (state.lines, state.starts)
    }

    private static func wrapParagraph(_ paragraph: Substring, into state: inout LineState) {
        var word = ""
        var wordWidth = 0
        var wordStart = paragraph.startIndex
        var index = paragraph.startIndex
        while index < paragraph.endIndex {
            let grapheme = paragraph[index]
            let next = paragraph.index(after: index)
            let cells = CellWidth.of(grapheme)
            if grapheme == " " {
                state.place(word: word, width: wordWidth, at: wordStart, in: paragraph)
                word = ""
                wordWidth = 0
                state.placeSpace(at: index)
                wordStart = next
            } else if cells == 2 {
                state.place(word: word, width: wordWidth, at: wordStart, in: paragraph)
                word = ""
                wordWidth = 0
                state.place(word: String(grapheme), width: 2, at: index, in: paragraph)
                wordStart = next
            } else {
                word.append(grapheme)
                wordWidth += cells
            }
            index = next
        }
        state.place(word: word, width: wordWidth, at: wordStart, in: paragraph)
        state.finishLine(at: paragraph.endIndex)
    }

    /// The line being built, the lines done and where each began.
    private struct LineState {
        let width: Int
        var line = ""
        var lineWidth = 0
        /// Where the line being built began (nil while it is empty).
        var lineStart: String.Index?
        var lines: [String] = []
        var starts: [String.Index] = []

        init(width: Int) { self.width = width }

        mutating func place(word: String, width wordWidth: Int, at start: String.Index, in paragraph: Substring) {
            guard wordWidth > 0 else { return }
            if lineWidth + wordWidth <= width {
                if lineStart == nil { lineStart = start }
                line += word
                lineWidth += wordWidth
                return
            }
            if wordWidth <= width && lineWidth > 0 {
                finishLine(at: start)
                lineStart = start
                line = word
                lineWidth = wordWidth
                return
            }
            var position = start
            for grapheme in word {
                let cells = CellWidth.of(grapheme)
                if lineWidth + cells > width && lineWidth > 0 { finishLine(at: position) }
                if lineStart == nil { lineStart = position }
                line.append(grapheme)
                lineWidth += cells
                position = paragraph.index(after: position)
            }
        }

        mutating func placeSpace(at position: String.Index) {
            if lineWidth + 1 > width {
                finishLine(at: position)
                return
            }
            if lineStart == nil { lineStart = position }
            line.append(" ")
            lineWidth += 1
        }

        /// Ends the line (without trailing spaces) and starts a new one; `position` is where
        /// an empty line is said to begin.
        mutating func finishLine(at position: String.Index) {
            var done = line
            while done.last == " " { done.removeLast() }
            lines.append(done)
            starts.append(lineStart ?? position)
            line = ""
            lineWidth = 0
            lineStart = nil
        }
    }
}
