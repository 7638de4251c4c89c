/// The help screen, generated from the key table and the slash-command catalog, so it can
/// never disagree with what the keys do.
enum HelpView {
    static let keyColumn = 26

    static func draw(_ state: AppState, theme: Theme, rect: Rect, into buffer: inout CellBuffer) {
        let backKey = state.keymap.keys(for: .back).first?.description ?? "Esc"
        Chrome.titleRow("Help · keys and commands", right: "\(backKey) returns", rect: rect, theme: theme, focused: false, into: &buffer)
        let body = StudioLayout.body(of: rect)
        let all = lines(keymap: state.keymap, theme: theme, width: body.width)
        let first = min(state.helpScroll, max(0, all.count - body.height))
        for (row, line) in all.dropFirst(first).prefix(body.height).enumerated() {
            line.draw(into: &buffer, x: body.x + 1, y: body.y + row, clip: body)
        }
    }

    /// Every line of the help text at `width`.
    static func lines(keymap: Keymap, theme: Theme, width: Int) -> [StyledLine] {
        let textWidth = max(10, width - keyColumn - 2)
        var lines: [StyledLine] = []
        for context in KeyContext.allCases {
            if !lines.isEmpty { lines.append(.blank) }
            lines.append(StyledLine(context.title, theme[.heading]))
            for action in Action.allCases where action.context == context {
                let keys = keymap.keys(for: action).map(\.description)
                guard !keys.isEmpty else { continue }
                lines += row(keys.joined(separator: ", "), action.help, theme: theme, textWidth: textWidth)
            }
        }
        lines.append(.blank)
        lines.append(StyledLine("Commands (type them in the input)", theme[.heading]))
        for command in SlashCommand.catalog {
            lines += row(command.usage, command.help, theme: theme, textWidth: textWidth)
        }
        lines.append(.blank)
        lines += TextWrap.wrap("Shift+Enter does not reach terminal programs: use Ctrl+J or Alt+Enter for a new line. "
                               + "Model text is shown inert: control characters appear as visible marks.",
                               width: max(10, width - 2)).map { StyledLine($0, theme[.muted]) }
        return lines
    }

    private static func row(_ key: String, _ help: String, theme: Theme, textWidth: Int) -> [StyledLine] {
        let wrapped = TextWrap.wrap(help, width: textWidth)
        let keyText = Chrome.pad("  " + key, keyColumn)
        return wrapped.enumerated().map { offset, line in
            StyledLine([(offset == 0 ? keyText : String(repeating: " ", count: keyColumn), theme[.statusKey].patched(with: Style(background: .default))),
                        (line, theme[.text])])
        }
    }

    /// How far the help can scroll at the state's size.
    static func maximumScroll(_ state: AppState) -> Int {
        let body = StudioLayout.body(of: StudioLayout(state).main)
        return max(0, lines(keymap: state.keymap, theme: state.theme, width: body.width).count - body.height)
    }
}
