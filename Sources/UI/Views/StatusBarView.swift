/// The two bottom rows: servers with their state, the phase, tokens and cost; then key hints
/// from the keymap (or a transient message in their place).
enum StatusBarView {
    static func draw(_ state: AppState, theme: Theme, statusLine: Rect, hintLine: Rect, into buffer: inout CellBuffer) {
        drawStatus(state, theme: theme, rect: statusLine, into: &buffer)
        drawHints(state, theme: theme, rect: hintLine, into: &buffer)
    }

    static func drawStatus(_ state: AppState, theme: Theme, rect: Rect, into buffer: inout CellBuffer) {
        guard rect.width > 0, rect.height > 0 else { return }
        buffer.fill(rect, style: theme[.statusBar])
        var segments: [(text: String, style: Style)] = [(" ", theme[.statusBar])]
        if state.status.servers.isEmpty {
            segments.append(("no servers checked yet", theme[.serverUnknown]))
        }
        for server in state.status.servers {
            let (mark, role): (String, ThemeRole) = switch server.state {
            case .up: ("●", .serverUp)
            case .down: ("✗", .serverDown)
            case .checking: (Spinner.frame(state.tick), .serverUnknown)
            case .unknown: ("○", .serverUnknown)
            }
            segments.append((mark + " " + server.name, theme[role]))
            segments.append(("  ", theme[.statusBar]))
        }
        var right = ""
        if state.status.phase != .idle { right += state.status.phase.rawValue + " │ " }
        let usage = state.status.usage
        right += "\(Chrome.tokens(usage.inputTokens)) in · \(Chrome.tokens(usage.outputTokens)) out"
        if let cost = usage.cost { right += " · " + Chrome.dollars(cost) }
        right += " "
        let rightWidth = CellWidth.of(right)
        let leftClip = Rect(x: rect.x, y: rect.y, width: max(0, rect.width - rightWidth - 1), height: 1)
        var column = rect.x
        for segment in segments {
            column = buffer.write(segment.text, x: column, y: rect.y, style: segment.style, clip: leftClip)
        }
        if column > leftClip.maxX, leftClip.width > 0 {
            buffer.write("…", x: leftClip.maxX - 1, y: rect.y, style: theme[.statusBar], clip: leftClip)
        }
        if rightWidth < rect.width {
            buffer.write(right, x: rect.maxX - rightWidth, y: rect.y, style: theme[.statusBar], clip: rect)
        }
    }

    /// The actions hinted for the current view and focus.
    static func hintedActions(_ state: AppState) -> [Action] {
        switch state.view {
        case .studio where state.focus == .board:
            return [.open, .back, .switchFocus, .showHelp, .quit]
        case .studio where state.details != nil:
            return [.submit, .scrollUp, .back, .switchFocus, .showHelp, .quit]
        case .studio:
            return state.isSomeoneSpeaking ? [.submit, .newline, .interrupt, .switchFocus, .showHelp, .quit]
                : [.submit, .newline, .switchFocus, .showSessions, .showHelp, .quit]
        case .help:
            return [.scrollUp, .back, .quit]
        case .sessions, .search, .settings:
            return [.open, .back, .showHelp, .quit]
        }
    }

    static func drawHints(_ state: AppState, theme: Theme, rect: Rect, into buffer: inout CellBuffer) {
        guard rect.width > 0, rect.height > 0 else { return }
        buffer.fill(rect, style: theme[.statusBar])
        if let flash = state.status.flash {
            buffer.write(" " + Chrome.truncate(flash, rect.width - 2), x: rect.x, y: rect.y,
                         style: theme[.statusBar].patched(with: theme[.warning]), clip: rect)
            return
        }
        var column = rect.x + 1
        for hint in state.keymap.hints(for: hintedActions(state)) {
            let width = CellWidth.of(hint.key) + 1 + CellWidth.of(hint.hint)
            if column + width > rect.maxX { break }
            column = buffer.write(hint.key, x: column, y: rect.y, style: theme[.statusKey], clip: rect)
            column = buffer.write(" " + hint.hint + "  ", x: column, y: rect.y, style: theme[.statusBar], clip: rect)
        }
    }
}
