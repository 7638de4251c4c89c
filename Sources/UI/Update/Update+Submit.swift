import Foundation

/// Enter in the input: a plain message (or interjection), or a slash command.
extension StudioUpdate {
    /// The roles `/assign` accepts: those the settings listed, else the five specialists.
    static func knownRoles(_ state: AppState) -> [String] {
        if let assignments = state.settings.data?.assignments, !assignments.isEmpty { return assignments.map(\.role) }
        return Specialist.allCases.map(\.displayName)
    }

    static func submit(_ state: inout AppState) -> [Effect] {
        let raw = state.input.text
        let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return [] }
        if trimmed.hasPrefix("/") && !trimmed.hasPrefix("//") {
            switch SlashCommand.parse(trimmed, roles: knownRoles(state)) {
            case .failure(let error):
                reportError(error.message, &state)
                return []
            case .success(let command):
                _ = state.input.commit()
                return run(command, &state)
            }
        }
        _ = state.input.commit()
        let text = trimmed.hasPrefix("//") ? String(trimmed.dropFirst()) : trimmed
        return sendPlain(text, &state)
    }

    /// A plain message: an interjection while the team talks, else a team message.
    static func sendPlain(_ text: String, _ state: inout AppState) -> [Effect] {
        state.conversation.scrollBack = 0
        state.view = .studio
        if state.isTeamTalking {
            appendToConversation(TranscriptEntry(speaker: .user, text: Sanitize.text(text), tag: "interjection"), &state)
            return [.interject(text)]
        }
        let tag = state.pendingQuestion == nil ? nil : "answer"
        state.pendingQuestion = nil
        appendToConversation(TranscriptEntry(speaker: .user, text: Sanitize.text(text), tag: tag), &state)
        return [.sendMessage(text)]
    }

    static func run(_ command: SlashCommand, _ state: inout AppState) -> [Effect] {
        switch command {
        case .team(let text):
            return sendPlain(text, &state)
        case .ask(let model, let text):
            state.view = .studio
            state.conversation.scrollBack = 0
            appendToConversation(TranscriptEntry(speaker: .user, text: Sanitize.text(text), tag: "to " + Sanitize.line(model)), &state)
            return [.ask(model: model, text: text)]
        case .debate(let models, let text):
            state.view = .studio
            state.conversation.scrollBack = 0
            appendToConversation(TranscriptEntry(speaker: .user, text: Sanitize.text(text),
                                                 tag: "debate: " + Sanitize.line(models.joined(separator: ", "))), &state)
            return [.debate(models: models, text: text)]
        case .chorus(let artists, let text):
            state.view = .studio
            state.conversation.scrollBack = 0
            appendToConversation(TranscriptEntry(speaker: .user, text: Sanitize.text(text),
                                                 tag: "chorus: " + Sanitize.line(artists.joined(separator: ", "))), &state)
            return [.chorus(artists: artists, text: text)]
        case .cancel:
            return interrupt(&state)
        case .search(let query):
            state.view = .search
            state.search.query = Sanitize.line(query)
            state.search.hits = nil
            state.search.selection = 0
            return [.search(query: query)]
        case .sessions:
            return showSessions(&state)
        case .settings:
            return performGlobal(.showSettings, &state)
        case .help:
            state.view = .help
            state.helpScroll = 0
            return []
        case .assign(let role, let model):
            if let index = state.settings.data?.assignments.firstIndex(where: { $0.role == role }) {
                state.settings.data?.assignments[index].model = Sanitize.line(model)
            }
            appendToConversation(.note("\(role) now uses \(model)", .info), &state)
            return [.assign(role: role, model: model)]
        case .theme(let name):
            return [.loadTheme(name: name)]
        case .newSession(let title):
            return [.newSession(title: title)]
        case .rename(let title):
            let target = state.view == .sessions ? state.sessions.selected.map(\.id) : state.currentSession?.id
            guard let id = target else {
                reportError("no session to rename: open one first (F2 lists them)", &state)
                return []
            }
            return [.renameSession(id: id, title: title)]
        case .delete:
            return delete(&state)
        case .quit:
            state.isQuitting = true
            return [.quit]
        }
    }

    /// `/delete` in the sessions view: the first asks, the second on the same row deletes.
    static func delete(_ state: inout AppState) -> [Effect] {
        guard state.view == .sessions, let session = state.sessions.selected else {
            reportError("/delete works in the sessions list (F2): select a session, then type /delete", &state)
            return []
        }
        if state.sessions.pendingDeleteID == session.id {
            state.sessions.pendingDeleteID = nil
            return [.deleteSession(id: session.id)]
        }
        state.sessions.pendingDeleteID = session.id
        state.status.flash = "Delete “\(Sanitize.line(session.title))”? Type /delete again to confirm."
        return []
    }
}
