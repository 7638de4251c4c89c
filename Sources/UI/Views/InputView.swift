/// The input line: a rule saying what Enter will do, then the text with a prompt, growing to a
/// few lines for multi-line messages and scrolling sideways to keep the caret in view. Sets the
/// buffer's cursor to the caret when the input has the focus.
enum InputView {
    static func draw(_ state: AppState, theme: Theme, rule: Rect, rect: Rect, into buffer: inout CellBuffer) {
        drawRule(state, theme: theme, rule: rule, into: &buffer)
        guard rect.width > 4, rect.height > 0 else { return }
        let editor = state.input
        let lines = editor.lines
        let (cursorLine, cursorIndex) = editor.cursorLineAndColumn
        let firstLine = max(0, min(cursorLine - rect.height + 1, lines.count - rect.height))
        let textWidth = rect.width - 2
        if editor.isEmpty {
            buffer.write("› ", x: rect.x, y: rect.y, style: theme[.prompt], clip: rect)
            let hint = state.isTeamTalking ? "Type to interject; the team answers at the next turn"
                : "Type a request for the team · /help for commands"
            buffer.write(Chrome.truncate(hint, textWidth), x: rect.x + 2, y: rect.y, style: theme[.placeholder], clip: rect)
        }
        var caret: Position?
        for row in 0..<rect.height where firstLine + row < lines.count && !editor.isEmpty {
            let index = firstLine + row
            let line = lines[index]
            let prompt = index == 0 ? "› " : "  "
            buffer.write(prompt, x: rect.x, y: rect.y + row, style: theme[.prompt], clip: rect)
            let caretColumn = index == cursorLine ? CellWidth.of(String(line.prefix(cursorIndex))) : 0
            let offset = caretColumn >= textWidth ? caretColumn - textWidth + 1 : 0
            let area = Rect(x: rect.x + 2, y: rect.y + row, width: textWidth, height: 1)
            drawScrolled(line, offset: offset, area: area, style: theme[.input], into: &buffer)
            if offset > 0 { buffer.write("‹", x: rect.x + 1, y: rect.y + row, style: theme[.muted], clip: rect) }
            if CellWidth.of(String(line)) - offset > textWidth {
                buffer.write("›", x: rect.maxX - 1, y: rect.y + row, style: theme[.muted], clip: rect)
            }
            if index == cursorLine { caret = Position(x: area.x + caretColumn - offset, y: area.y) }
        }
        if editor.isEmpty { caret = Position(x: rect.x + 2, y: rect.y) }
        let inputHasFocus = state.view != .studio || state.focus == .input
        buffer.cursor = inputHasFocus ? caret : nil
    }

    /// Draws `line` starting `offset` cells in; a wide grapheme cut by the left edge is a blank.
    static func drawScrolled(_ line: [Character], offset: Int, area: Rect, style: Style, into buffer: inout CellBuffer) {
        var skipped = 0
        var column = area.x
        for grapheme in line {
            let cells = CellWidth.of(grapheme)
            if skipped < offset {
                skipped += cells
                if skipped > offset { column += skipped - offset }
                continue
            }
            if column >= area.maxX { break }
            column = buffer.write(String(grapheme), x: column, y: area.y, style: style, clip: area)
        }
    }

    static func drawRule(_ state: AppState, theme: Theme, rule: Rect, into buffer: inout CellBuffer) {
        guard rule.width > 0, rule.height > 0 else { return }
        buffer.write(String(repeating: "─", count: rule.width), x: rule.x, y: rule.y, style: theme[.border], clip: rule)
        let label: String
        let style: Style
        if state.pendingQuestion != nil {
            label = " Your answer "
            style = theme[.question]
        } else if state.isTeamTalking {
            label = " Interject "
            style = theme[.warning]
        } else {
            label = " Message "
            style = theme[.title]
        }
        let end = buffer.write(label, x: rule.x + 1, y: rule.y, style: style, clip: rule)
        if state.input.lines.count > 1 {
            buffer.write(" \(state.input.lines.count) lines ", x: end + 1, y: rule.y, style: theme[.muted], clip: rule)
        }
    }
}
