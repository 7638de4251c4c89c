/// Everything a key can do, typed. The key table (`Keymap`) maps keys to these; `update`
/// performs them; help, footer hints and rebinding read `help`, `hint` and `context` from here.
public enum Action: String, CaseIterable, Sendable, Hashable {
    // Everywhere
    case quit, interrupt, showHelp, showSessions, showSearch, showSettings, back, switchFocus
    case scrollUp, scrollDown, scrollToLatest
    // Typing
    case submit, newline, cursorLeft, cursorRight, wordLeft, wordRight, lineStart, lineEnd
    case deleteBackward, deleteForward, deleteWordBackward, deleteWordForward, killToEnd, killToStart
    case historyPrevious, historyNext
    // Board and lists
    case selectPrevious, selectNext, selectFirst, selectLast, open

    /// Where the action applies.
    public var context: KeyContext {
        switch self {
        case .quit, .interrupt, .showHelp, .showSessions, .showSearch, .showSettings, .back, .switchFocus,
             .scrollUp, .scrollDown, .scrollToLatest:
            return .global
        case .submit, .newline, .cursorLeft, .cursorRight, .wordLeft, .wordRight, .lineStart, .lineEnd,
             .deleteBackward, .deleteForward, .deleteWordBackward, .deleteWordForward, .killToEnd, .killToStart,
             .historyPrevious, .historyNext:
            return .input
        case .selectPrevious, .selectNext, .selectFirst, .selectLast, .open:
            return .selection
        }
    }

    /// One line for the help screen.
    public var help: String {
        switch self {
        case .quit: return "Quit (partial replies are saved)"
        case .interrupt: return "Stop the current speaker; with nobody speaking, clear the input"
        case .showHelp: return "Show this help"
        case .showSessions: return "Sessions: open, rename, delete, start new"
        case .showSearch: return "Search results (run /search TEXT)"
        case .showSettings: return "Settings: which model plays each role"
        case .back: return "Close the details pane or the open view"
        case .switchFocus: return "Move between the input and the status board"
        case .scrollUp: return "Scroll the conversation (or open details) up a page"
        case .scrollDown: return "Scroll down a page; at the bottom it follows new text"
        case .scrollToLatest: return "Jump to the latest text and follow it"
        case .submit: return "Send (an interjection while the team is talking)"
        case .newline: return "New line in the message"
        case .cursorLeft: return "Cursor left one character"
        case .cursorRight: return "Cursor right one character"
        case .wordLeft: return "Cursor to the previous word"
        case .wordRight: return "Cursor to the next word"
        case .lineStart: return "Cursor to the start of the line"
        case .lineEnd: return "Cursor to the end of the line"
        case .deleteBackward: return "Delete the character before the cursor"
        case .deleteForward: return "Delete the character under the cursor"
        case .deleteWordBackward: return "Delete the word before the cursor"
        case .deleteWordForward: return "Delete the word after the cursor"
        case .killToEnd: return "Delete to the end of the line"
        case .killToStart: return "Delete to the start of the line"
        case .historyPrevious: return "Previous message from history (or line above)"
        case .historyNext: return "Next message from history (or line below)"
        case .selectPrevious: return "Select the previous card or row"
        case .selectNext: return "Select the next card or row"
        case .selectFirst: return "Select the first card or row"
        case .selectLast: return "Select the last card or row"
        case .open: return "Open the selected card's details, or the selected row"
        }
    }

    /// A word or two for the footer, or nil when the action is not hinted there.
    public var hint: String? {
        switch self {
        case .quit: return "quit"
        case .interrupt: return "stop"
        case .showHelp: return "help"
        case .switchFocus: return "board"
        case .submit: return "send"
        case .newline: return "newline"
        case .back: return "close"
        case .open: return "open"
        case .showSessions: return "sessions"
        case .scrollUp: return "scroll"
        default: return nil
        }
    }
}

/// Where a key binding applies. `update` asks the keymap in the order the focus gives
/// (e.g. the board first, then everywhere).
public enum KeyContext: String, CaseIterable, Sendable, Hashable {
    case global, input, selection

    /// The heading of this group on the help screen.
    public var title: String {
        switch self {
        case .global: return "Everywhere"
        case .input: return "Typing a message"
        case .selection: return "Status board and lists"
        }
    }
}
