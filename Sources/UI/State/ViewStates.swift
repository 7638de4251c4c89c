import Core

/// Which screen fills the main area.
public enum ViewKind: String, CaseIterable, Sendable, Hashable {
    case studio, help, sessions, search, settings
}

/// Where keys go in the studio view: the input line or the status board.
public enum Focus: String, Sendable, Hashable {
    case input, board
}

/// The sessions list: nil `sessions` while loading. `pendingDeleteID` is set by a first
/// `/delete` and confirmed by a second one on the same row. A plain value.
public struct SessionsState: Sendable, Hashable {
    public var sessions: [Session]?
    public var selection = 0
    public var pendingDeleteID: Int64?

    public init() {}

    /// The selected session, if the list has one.
    public var selected: Session? {
        guard let sessions, sessions.indices.contains(selection) else { return nil }
        return sessions[selection]
    }
}

/// The search view: the query asked and its hits (nil while searching). A plain value.
public struct SearchState: Sendable, Hashable {
    public var query: String?
    public var hits: [SearchHit]?
    public var selection = 0

    public init() {}
}

/// The settings view: role assignments (nil while loading) and, while choosing a model for
/// the selected role, the highlighted choice. A plain value.
public struct SettingsState: Sendable, Hashable {
    public var data: SettingsData?
    public var selection = 0
    /// Index into `data.availableModels` while picking a model; nil otherwise.
    public var picking: Int?

    public init() {}
}

/// The status bar's data: servers, phase, usage, and a transient one-line message. A plain value.
public struct StatusState: Sendable, Hashable {
    public var servers: [ServerStatus] = []
    public var phase: TeamPhase = .idle
    public var usage = UsageTotals()
    /// A short message shown until the next key (sanitized), e.g. "Press Ctrl+Q to quit".
    public var flash: String?

    public init() {}

    /// Inserts or updates a server by name (texts sanitized); returns the previous state.
    mutating func upsert(_ server: ServerStatus) -> ServerState? {
        let clean = ServerStatus(name: Sanitize.line(server.name), url: Sanitize.line(server.url),
                                 state: server.state, detail: server.detail.map(Sanitize.line))
        if let position = servers.firstIndex(where: { $0.name == clean.name }) {
            let previous = servers[position].state
            servers[position] = clean
            return previous
        }
        servers.append(clean)
        return nil
    }
}

/// The session the studio shows, if it has one yet. A plain value.
public struct SessionRef: Sendable, Hashable {
    public var id: Int64
    public var title: String

    public init(id: Int64, title: String) {
        self.id = id
        self.title = title
    }
}
