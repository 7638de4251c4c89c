/// Answers to effects: threads, sessions, search results, settings, themes, failures.
extension StudioUpdate {
    static func handleReply(_ message: AppMessage, _ state: inout AppState) -> [Effect] {
        switch message {
        case .threadLoaded(let cardID, let messages):
            if state.details?.cardID == cardID { state.details?.load(messages) }
        case .threadFailed(let cardID, let error):
            if state.details?.cardID == cardID { state.details?.fail(error) }
        case .sessionsLoaded(let sessions):
            state.sessions.sessions = sessions.map { session in
                var clean = session
                clean.title = Sanitize.line(session.title)
                return clean
            }
            state.sessions.selection = clamp(state.sessions.selection, 0, max(0, sessions.count - 1))
            state.sessions.pendingDeleteID = nil
        case .sessionOpened(let snapshot):
            return sessionOpened(snapshot, &state)
        case .searchResults(let query, let hits):
            guard state.search.query == Sanitize.line(query) else { return [] }
            state.search.hits = hits.map { hit in
                var clean = hit
                clean.sessionTitle = Sanitize.line(hit.sessionTitle)
                clean.speaker = Sanitize.line(hit.speaker)
                clean.snippet = Sanitize.line(hit.snippet)
                return clean
            }
            state.search.selection = 0
        case .settingsLoaded(let data):
            state.settings.data = SettingsData(
                assignments: data.assignments.map { RoleAssignment(role: Sanitize.line($0.role), model: Sanitize.line($0.model)) },
                availableModels: data.availableModels.map(Sanitize.line))
            state.settings.selection = clamp(state.settings.selection, 0, max(0, data.assignments.count - 1))
            state.settings.picking = nil
        case .themeLoaded(let theme):
            state.theme = theme
            state.status.flash = "Theme: \(Sanitize.line(theme.name))"
        case .effectFailed(let error):
            reportError(error, &state)
        case .key, .paste, .resize, .tick, .event, .terminate:
            break
        }
        return []
    }

    static func sessionOpened(_ snapshot: SessionSnapshot, _ state: inout AppState) -> [Effect] {
        var effects: [Effect] = []
        if let details = state.details { effects.append(.releaseThread(cardID: details.cardID)) }
        state.details = nil
        state.board = BoardState()
        state.status.phase = .idle
        state.pendingQuestion = nil
        state.palette = [:]
        for message in snapshot.messages { state.notePalette(message.speaker.sanitized) }
        state.conversation.replaceAll(with: snapshot.messages.map(TranscriptEntry.init(stored:)))
        state.currentSession = SessionRef(id: snapshot.id, title: Sanitize.line(snapshot.title))
        state.view = .studio
        state.focus = .input
        return effects
    }
}
