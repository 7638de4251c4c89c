import Foundation

/// Everything the studio shows, as one value: `update` is its only writer and `render` reads it
/// whole. It holds no I/O handles and no closures, so tests build and compare it freely.
///
/// Invariants: every text in it that came from a model or a server has passed through the
/// sanitizer; `details` exists only while the details pane is open; `size` is the last size
/// the terminal reported. Owned by the one task that runs the studio loop.
public struct AppState: Sendable {
    public var size: Size
    public var theme: Theme
    public var keymap: Keymap
    /// What the terminal shows; `render` degrades the theme to it (set by the loop at start).
    public var colorSupport: ColorSupport = .many
    public var view: ViewKind = .studio
    public var focus: Focus = .input
    public var conversation = ConversationState()
    public var board = BoardState()
    public var details: DetailsState?
    public var input = LineEditor()
    public var status = StatusState()
    public var sessions = SessionsState()
    public var search = SearchState()
    public var settings = SettingsState()
    public var helpScroll = 0
    /// Counts frame ticks; drives the spinners.
    public var tick = 0
    /// A question from the engine the next plain message answers.
    public var pendingQuestion: String?
    public var currentSession: SessionRef?
    /// Palette slot for each model or artist name, in the order they first spoke.
    public var palette: [String: Int] = [:]
    /// The zone dates are shown in (sessions list).
    public var timeZone: TimeZone
    /// Set once a quit has been asked for; the loop leaves after the `quit` effect.
    public var isQuitting = false

    public init(size: Size = Size(width: 80, height: 24), theme: Theme = .defaultDark,
                keymap: Keymap = .standard, timeZone: TimeZone = .current) {
        self.size = size
        self.theme = theme
        self.keymap = keymap
        self.timeZone = timeZone
    }

    /// True while the team takes turns (its phase says so, or a specialist is speaking):
    /// Enter then sends an interjection.
    public var isTeamTalking: Bool {
        status.phase.isTalking || board.specialists.values.contains(.speaking)
    }

    /// True when someone is speaking now (what the interrupt key would stop).
    public var isSomeoneSpeaking: Bool {
        !conversation.streamingIDs.isEmpty || board.cards.contains { $0.status == .running }
            || board.specialists.values.contains(.speaking)
    }

    /// True when a spinner is on screen, so ticks must redraw.
    public var isAnimating: Bool {
        !conversation.streamingIDs.isEmpty || board.isAnimating || (details?.isAnimating ?? false)
            || (view == .sessions && sessions.sessions == nil)
            || (view == .search && search.query != nil && search.hits == nil)
            || (view == .settings && settings.data == nil)
    }

    /// The palette slot of a model or artist name (0 when not seen yet).
    public func paletteIndex(of speaker: Speaker) -> Int {
        switch speaker {
        case .model(let name), .artist(let name): return palette[name] ?? 0
        default: return 0
        }
    }

    /// Gives a model or artist a palette slot the first time it speaks.
    mutating func notePalette(_ speaker: Speaker) {
        switch speaker {
        case .model(let name), .artist(let name):
            if palette[name] == nil { palette[name] = palette.count }
        default:
            break
        }
    }
}
