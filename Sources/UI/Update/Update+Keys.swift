/// Keys: the keymap picks an action for the focus; unbound printable keys type into the input.
extension StudioUpdate {
    /// The key contexts to try, most specific first.
    static func contexts(_ state: AppState) -> [KeyContext] {
        switch state.view {
        case .studio: return state.focus == .board ? [.selection, .global] : [.input, .global]
        case .help, .sessions, .search, .settings: return [.selection, .input, .global]
        }
    }

    static func handleKey(_ key: KeyEvent, _ state: inout AppState) -> [Effect] {
        if let action = state.keymap.action(for: key, in: contexts(state)) {
            return perform(action, &state)
        }
        if let character = key.typedCharacter {
            if state.view == .studio && state.focus == .board { state.focus = .input }
            state.input.insert(String(character))
        }
        return []
    }

    static func perform(_ action: Action, _ state: inout AppState) -> [Effect] {
        switch action.context {
        case .input: return performEditing(action, &state)
        case .selection: return performSelection(action, &state)
        case .global: return performGlobal(action, &state)
        }
    }

    static func performGlobal(_ action: Action, _ state: inout AppState) -> [Effect] {
        switch action {
        case .quit:
            state.isQuitting = true
            return [.quit]
        case .interrupt:
            return interrupt(&state)
        case .showHelp:
            state.view = state.view == .help ? .studio : .help
            state.helpScroll = 0
        case .showSessions:
            return showSessions(&state)
        case .showSearch:
            state.view = .search
        case .showSettings:
            state.view = .settings
            state.settings.picking = nil
            return [.loadSettings]
        case .back:
            return back(&state)
        case .switchFocus:
            switchFocus(&state)
        case .scrollUp:
            scroll(pages: -1, &state)
        case .scrollDown:
            scroll(pages: 1, &state)
        case .scrollToLatest:
            if state.details != nil { state.details?.scrollBack = 0 } else { state.conversation.scrollBack = 0 }
        default:
            break
        }
        return []
    }

    static func showSessions(_ state: inout AppState) -> [Effect] {
        state.view = .sessions
        state.sessions.sessions = nil
        state.sessions.pendingDeleteID = nil
        return [.loadSessions]
    }

    static func interrupt(_ state: inout AppState) -> [Effect] {
        if state.isSomeoneSpeaking {
            state.status.flash = "Stopping the current speaker…"
            return [.cancelCurrentSpeaker]
        }
        if !state.input.isEmpty {
            state.input.clear()
            return []
        }
        let quitKey = state.keymap.keys(for: .quit).first?.description ?? "/quit"
        state.status.flash = "Nobody is speaking. \(quitKey) quits."
        return []
    }

    static func back(_ state: inout AppState) -> [Effect] {
        if state.view != .studio {
            if state.view == .settings && state.settings.picking != nil {
                state.settings.picking = nil
            } else {
                state.view = .studio
            }
            return []
        }
        if let details = state.details {
            state.details = nil
            return [.releaseThread(cardID: details.cardID)]
        }
        state.focus = .input
        return []
    }

    static func switchFocus(_ state: inout AppState) {
        guard state.view == .studio else { return }
        if state.focus == .board {
            state.focus = .input
            return
        }
        let visible = state.board.visibleCards
        guard let first = visible.first else {
            state.status.flash = "The board has no cards yet: /debate or /chorus starts a run."
            return
        }
        state.focus = .board
        if !visible.contains(where: { $0.id == state.board.selectedCardID }) {
            state.board.selectedCardID = first.id
        }
    }

    /// Pages the details pane, the conversation, the help text or a list.
    static func scroll(pages: Int, _ state: inout AppState) {
        let layout = StudioLayout(state)
        let page = max(1, layout.main.height - 2)
        switch state.view {
        case .studio:
            if let details = state.details {
                let body = StudioLayout.body(of: layout.side)
                let total = TranscriptLayout.totalLines(details.entries, width: body.width) + 2
                state.details?.scrollBack = clamp(details.scrollBack - pages * page, 0, max(0, total - body.height))
            } else {
                let body = StudioLayout.body(of: layout.conversation)
                let total = TranscriptLayout.totalLines(state.conversation.entries, width: body.width)
                state.conversation.scrollBack = clamp(state.conversation.scrollBack - pages * page, 0, max(0, total - body.height))
            }
        case .help:
            state.helpScroll = clamp(state.helpScroll + pages * page, 0, HelpView.maximumScroll(state))
        case .sessions, .search, .settings:
            moveSelection(by: pages * page, &state)
        }
    }

    static func clamp(_ value: Int, _ low: Int, _ high: Int) -> Int { min(max(value, low), high) }

    static func performEditing(_ action: Action, _ state: inout AppState) -> [Effect] {
        if state.view == .studio && state.focus == .board { state.focus = .input }
        switch action {
        case .submit: return submit(&state)
        case .newline: state.input.insert("\n")
        case .cursorLeft: state.input.moveLeft()
        case .cursorRight: state.input.moveRight()
        case .wordLeft: state.input.moveWordLeft()
        case .wordRight: state.input.moveWordRight()
        case .lineStart: state.input.moveLineStart()
        case .lineEnd: state.input.moveLineEnd()
        case .deleteBackward: state.input.deleteBackward()
        case .deleteForward: state.input.deleteForward()
        case .deleteWordBackward: state.input.deleteWordBackward()
        case .deleteWordForward: state.input.deleteWordForward()
        case .killToEnd: state.input.killToEnd()
        case .killToStart: state.input.killToStart()
        case .historyPrevious: if !state.input.moveUp() { _ = state.input.historyPrevious() }
        case .historyNext: if !state.input.moveDown() { _ = state.input.historyNext() }
        default: break
        }
        return []
    }
}
