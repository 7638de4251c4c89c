/// What `update` asks the world to do, as data. The runtime hands each one, in order, to the
/// app's effect handler, which turns it into an engine or store command; answers come back as
/// `AppMessage`s. `update` never performs I/O itself. A plain value.
public enum Effect: Sendable, Hashable {
    /// A plain message: starts or continues the team conversation.
    case sendMessage(String)
    /// A message typed while the team is talking: store it now, answer at the next turn boundary.
    case interject(String)
    /// Stop whoever is speaking now (partial text is kept, marked interrupted).
    case cancelCurrentSpeaker
    /// `/ask MODEL text`: one model, one reply.
    case ask(model: String, text: String)
    /// `/debate A,B text`: a multi-model run.
    case debate(models: [String], text: String)
    /// `/chorus A,B text`: a chorus run across artists.
    case chorus(artists: [String], text: String)
    /// Load a card's thread from the store (answer: `threadLoaded` or `threadFailed`).
    case loadThread(cardID: String)
    /// The details pane on this card closed: stop anything kept for it.
    case releaseThread(cardID: String)
    /// Load the stored sessions (answer: `sessionsLoaded`).
    case loadSessions
    /// Open a stored session (answer: `sessionOpened`).
    case openSession(id: Int64)
    /// Start a new session, optionally titled.
    case newSession(title: String?)
    case renameSession(id: Int64, title: String)
    case deleteSession(id: Int64)
    /// Full-text search over all sessions (answer: `searchResults`).
    case search(query: String)
    /// Jump to a search hit: open its session at that message.
    case openSearchHit(sessionID: Int64, messageID: Int64)
    /// Load role assignments and the models to choose from (answer: `settingsLoaded`).
    case loadSettings
    /// Give a role a model (saved in the config).
    case assign(role: String, model: String)
    /// Load `Themes/NAME.theme` (answer: `themeLoaded` or `effectFailed`).
    case loadTheme(name: String)
    /// Leave: commit partial messages; the loop then restores the terminal.
    case quit
}
