import Core

/// Everything `update` reacts to: input from the terminal, the frame tick, engine events, and
/// the answers to effects (a loaded thread, sessions, search results…). The terminal loop
/// makes the first four; the app's wiring sends the rest on the studio's message stream.
/// Text in them is raw: `update` sanitizes what it keeps. A plain value.
public enum AppMessage: Sendable, Hashable {
    case key(KeyEvent)
    /// Text pasted in one piece (bracketed paste, or a burst of input the adapter judged a paste).
    case paste(String)
    case resize(Size)
    /// The spinner clock: the loop sends one about ten times a second.
    case tick
    case event(UIEvent)

    /// The thread of a card, from the store (answer to `Effect.loadThread`).
    case threadLoaded(cardID: String, messages: [ThreadMessage])
    /// Loading a card's thread failed.
    case threadFailed(cardID: String, error: String)
    /// The stored sessions, newest first (answer to `Effect.loadSessions`).
    case sessionsLoaded([Session])
    /// A session was opened: its messages replace the conversation.
    case sessionOpened(SessionSnapshot)
    /// Search results (answer to `Effect.search`).
    case searchResults(query: String, hits: [SearchHit])
    /// Role → model assignments and the models to choose from (answer to `Effect.loadSettings`).
    case settingsLoaded(SettingsData)
    /// A theme was loaded (answer to `Effect.loadTheme`).
    case themeLoaded(Theme)
    /// An effect failed: shown inline as an error (e.g. "search failed: …").
    case effectFailed(String)
    /// The process got SIGINT, SIGTERM or SIGHUP: quit the way Ctrl+Q does.
    case terminate(signal: Int32)
}

/// One message of a card's thread as the store holds it (raw text). A plain value.
public struct ThreadMessage: Sendable, Hashable {
    public var id: Int64
    public var speaker: Speaker
    public var model: String?
    public var text: String
    public var status: MessageStatus
    public var error: String?

    public init(id: Int64, speaker: Speaker, model: String? = nil, text: String, status: MessageStatus, error: String? = nil) {
        self.id = id
        self.speaker = speaker
        self.model = model
        self.text = text
        self.status = status
        self.error = error
    }
}

/// A stored session opened into the studio. A plain value.
public struct SessionSnapshot: Sendable, Hashable {
    public var id: Int64
    public var title: String
    public var messages: [ThreadMessage]

    public init(id: Int64, title: String, messages: [ThreadMessage]) {
        self.id = id
        self.title = title
        self.messages = messages
    }
}

/// The settings view's data: each role with its model, and the models one can pick. A plain value.
public struct SettingsData: Sendable, Hashable {
    public var assignments: [RoleAssignment]
    public var availableModels: [String]

    public init(assignments: [RoleAssignment], availableModels: [String]) {
        self.assignments = assignments
        self.availableModels = availableModels
    }
}

/// One role (a specialist, or e.g. the debate's master model) and the model that plays it.
public struct RoleAssignment: Sendable, Hashable {
    public var role: String
    public var model: String

    public init(role: String, model: String) {
        self.role = role
        self.model = model
    }
}
