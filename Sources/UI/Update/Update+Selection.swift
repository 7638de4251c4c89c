import Foundation

/// Moving through cards and list rows, and opening what is selected.
extension StudioUpdate {
    static func performSelection(_ action: Action, _ state: inout AppState) -> [Effect] {
        switch action {
        case .selectPrevious: moveSelection(by: -1, &state)
        case .selectNext: moveSelection(by: 1, &state)
        case .selectFirst: moveSelection(by: Int.min / 2, &state)
        case .selectLast: moveSelection(by: Int.max / 2, &state)
        case .open: return open(&state)
        default: break
        }
        return []
    }

    static func moveSelection(by delta: Int, _ state: inout AppState) {
        func moved(_ index: Int, count: Int) -> Int {
            guard count > 0 else { return 0 }
            return clamp(index.addingReportingOverflow(delta).overflow ? (delta > 0 ? Int.max : 0) : index + delta, 0, count - 1)
        }
        switch state.view {
        case .studio:
            let visible = state.board.visibleCards
            let current = visible.firstIndex { $0.id == state.board.selectedCardID } ?? 0
            if !visible.isEmpty { state.board.selectedCardID = visible[moved(current, count: visible.count)].id }
        case .help:
            state.helpScroll = moved(state.helpScroll, count: HelpView.maximumScroll(state) + 1)
        case .sessions:
            state.sessions.selection = moved(state.sessions.selection, count: state.sessions.sessions?.count ?? 0)
            state.sessions.pendingDeleteID = nil
        case .search:
            state.search.selection = moved(state.search.selection, count: state.search.hits?.count ?? 0)
        case .settings:
            if let picking = state.settings.picking {
                state.settings.picking = moved(picking, count: state.settings.data?.availableModels.count ?? 0)
            } else {
                state.settings.selection = moved(state.settings.selection, count: state.settings.data?.assignments.count ?? 0)
            }
        }
    }

    /// Enter on the board or a list. In a list view with text typed, Enter sends the text.
    static func open(_ state: inout AppState) -> [Effect] {
        if state.view != .studio && !state.input.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            return submit(&state)
        }
        switch state.view {
        case .studio:
            guard let id = state.board.selectedCardID, state.board.visibleCards.contains(where: { $0.id == id }) else { return [] }
            return openDetails(id, &state)
        case .help:
            return []
        case .sessions:
            guard let session = state.sessions.selected else { return [] }
            return [.openSession(id: session.id)]
        case .search:
            guard let hits = state.search.hits, hits.indices.contains(state.search.selection) else { return [] }
            let hit = hits[state.search.selection]
            return [.openSearchHit(sessionID: hit.sessionID, messageID: hit.messageID)]
        case .settings:
            return openSetting(&state)
        }
    }

    /// Opens the details pane on a card: loading until `threadLoaded` arrives.
    static func openDetails(_ id: String, _ state: inout AppState) -> [Effect] {
        if state.details?.cardID == id { return [] }
        var effects: [Effect] = []
        if let old = state.details { effects.append(.releaseThread(cardID: old.cardID)) }
        state.details = DetailsState(cardID: id)
        effects.append(.loadThread(cardID: id))
        return effects
    }

    static func openSetting(_ state: inout AppState) -> [Effect] {
        guard let data = state.settings.data, data.assignments.indices.contains(state.settings.selection) else { return [] }
        let assignment = data.assignments[state.settings.selection]
        guard let picking = state.settings.picking else {
            guard !data.availableModels.isEmpty else {
                state.status.flash = "No models are known: check that a model server is running."
                return []
            }
            state.settings.picking = data.availableModels.firstIndex(of: assignment.model) ?? 0
            return []
        }
        guard data.availableModels.indices.contains(picking) else { return [] }
        let model = data.availableModels[picking]
        state.settings.data?.assignments[state.settings.selection].model = model
        state.settings.picking = nil
        return [.assign(role: assignment.role, model: model)]
    }
}
