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
        guard width >= 1 else { return [] }
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            wrapParagraph(Substring(paragraph), width: width, into: &lines)
        }
        return lines
    }

    /// How many lines `wrap` would return (without keeping them).
    public static func lineCount(_ text: String, width: Int) -> Int {
        wrap(text, width: width).count
    }

    private static func wrapParagraph(_ paragraph: Substring, width: Int, into lines: inout [String]) {
        var state = LineState(width: width)
        var word = ""
        var wordWidth = 0
        for grapheme in paragraph {
            let cells = CellWidth.of(grapheme)
            if grapheme == " " {
                state.place(word: word, width: wordWidth, into: &lines)
                word = ""
                wordWidth = 0
                state.placeSpace(into: &lines)
            } else if cells == 2 {
                state.place(word: word, width: wordWidth, into: &lines)
                word = ""
                wordWidth = 0
                state.place(word: String(grapheme), width: 2, into: &lines)
            } else {
                word.append(grapheme)
                wordWidth += cells
            }
        }
        state.place(word: word, width: wordWidth, into: &lines)
        lines.append(state.finishedLine())
    }

    /// The line being built.
    private struct LineState {
        let width: Int
        var line = ""
        var lineWidth = 0

        init(width: Int) { self.width = width }

        mutating func place(word: String, width wordWidth: Int, into lines: inout [String]) {
            guard wordWidth > 0 else { return }
            if lineWidth + wordWidth <= width {
                line += word
                lineWidth += wordWidth
                return
            }
            if wordWidth <= width && lineWidth > 0 {
                lines.append(finishedLine())
                line = word
                lineWidth = wordWidth
                return
            }
            for grapheme in word {
                let cells = CellWidth.of(grapheme)
                if lineWidth + cells > width && lineWidth > 0 { lines.append(finishedLine()) }
                line.append(grapheme)
                lineWidth += cells
            }
        }

        mutating func placeSpace(into lines: inout [String]) {
            if lineWidth + 1 > width {
                lines.append(finishedLine())
                return
            }
            line.append(" ")
            lineWidth += 1
        }

        /// Returns the line without trailing spaces and starts a new one.
        mutating func finishedLine() -> String {
            var done = line
            while done.last == " " { done.removeLast() }
            line = ""
            lineWidth = 0
            return done
        }
    }
}
