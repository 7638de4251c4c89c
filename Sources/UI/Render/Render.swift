/// The whole screen for a state at a size: a pure function (ratatui's practice), so tests
/// snapshot screens with no terminal and the terminal adapter only copies what changed.
/// Widgets draw into rectangles of the buffer. Callable from any task.
public func render(_ state: AppState, _ size: Size) -> CellBuffer {
    var sized = state
    sized.size = size
    return Renderer.render(sized)
}

/// The layout of the frame and which view draws where. Stateless; see `render(_:_:)`.
enum Renderer {
    /// Below this the studio shows only a "too small" message.
    static let minimumSize = Size(width: 30, height: 8)

    static func render(_ state: AppState) -> CellBuffer {
        let theme = state.theme.degraded(to: state.colorSupport)
        var buffer = CellBuffer(size: state.size, fill: .blank(theme[.background]))
        guard state.size.width >= minimumSize.width, state.size.height >= minimumSize.height else {
            let text = "Atelier needs at least \(minimumSize) cells (now \(state.size)). Ctrl+Q quits."
            Chrome.message(text, rect: Rect(state.size), style: theme[.warning], into: &buffer)
            return buffer
        }
        let layout = StudioLayout(state)
        switch state.view {
        case .studio:
            if layout.conversation.width > 0 {
                ConversationView.draw(state, theme: theme, rect: layout.conversation, into: &buffer)
            }
            Chrome.divider(layout.divider, theme: theme, into: &buffer)
            if layout.side.width > 0 {
                if let details = state.details {
                    DetailsView.draw(details, state: state, theme: theme, rect: layout.side, into: &buffer)
                } else {
                    BoardView.draw(state, theme: theme, rect: layout.side, into: &buffer)
                }
            }
        case .help:
            HelpView.draw(state, theme: theme, rect: layout.main, into: &buffer)
        case .sessions:
            SessionsView.draw(state, theme: theme, rect: layout.main, into: &buffer)
        case .search:
            SearchView.draw(state, theme: theme, rect: layout.main, into: &buffer)
        case .settings:
            SettingsView.draw(state, theme: theme, rect: layout.main, into: &buffer)
        }
        InputView.draw(state, theme: theme, rule: layout.inputRule, rect: layout.input, into: &buffer)
        StatusBarView.draw(state, theme: theme, statusLine: layout.statusLine, hintLine: layout.hintLine, into: &buffer)
        return buffer
    }
}
