/// The one function that changes UI state: a message in, the state changed in place, effects
/// out. No I/O, no awaiting, no clock: the same state and message always give the same result
/// (bubbletea's `Update`). Call it only from the task that owns the state (the studio loop).
public func update(_ state: inout AppState, _ message: AppMessage) -> [Effect] {
    StudioUpdate.update(&state, message)
}

/// The parts of `update`, by kind of message. Stateless; see `update(_:_:)`.
enum StudioUpdate {
    static func update(_ state: inout AppState, _ message: AppMessage) -> [Effect] {
        switch message {
        case .key(let key):
            state.status.flash = nil
            return handleKey(key, &state)
        case .paste(let text):
            state.status.flash = nil
            if state.view == .studio && state.focus == .board { state.focus = .input }
            state.input.insert(text)
            return []
        case .resize(let size):
            state.size = size
            return []
        case .tick:
            state.tick &+= 1
            return []
        case .event(let event):
            return handleEvent(event, &state)
        case .terminate:
            state.isQuitting = true
            return [.quit]
        default:
            return handleReply(message, &state)
        }
    }

    /// Adds an entry to the conversation; a view scrolled back stays on the same lines.
    static func appendToConversation(_ entry: TranscriptEntry, _ state: inout AppState) {
        if state.conversation.scrollBack > 0 {
            let width = StudioLayout(state).conversation.width
            let added = TranscriptLayout.lineCount(for: entry, width: width, isFirst: state.conversation.entries.isEmpty)
            state.conversation.scrollBack += added
        }
        state.conversation.append(entry)
    }

    /// Shows an error inline in the conversation and, for views that hide it, in the status bar.
    static func reportError(_ text: String, _ state: inout AppState) {
        appendToConversation(.note(text, .error), &state)
        state.status.flash = Sanitize.line(text)
    }

    /// Changes the conversation message `id`; a view scrolled back stays on the same lines.
    static func changeMessage(_ id: Int64, _ state: inout AppState, _ change: (inout ConversationState) -> Void) {
        guard state.conversation.scrollBack > 0, let before = state.conversation.entry(for: id) else {
            change(&state.conversation)
            return
        }
        let width = StudioLayout(state).conversation.width
        let isFirst = state.conversation.entries.first?.messageID == id
        let oldCount = TranscriptLayout.lineCount(for: before, width: width, isFirst: isFirst)
        change(&state.conversation)
        guard let after = state.conversation.entry(for: id) else { return }
        let newCount = TranscriptLayout.lineCount(for: after, width: width, isFirst: isFirst)
        state.conversation.scrollBack = max(0, state.conversation.scrollBack + newCount - oldCount)
    }
}
