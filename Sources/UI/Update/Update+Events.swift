/// Engine events folded into the state. Raw text is sanitized on the way in, once.
extension StudioUpdate {
    static func handleEvent(_ event: UIEvent, _ state: inout AppState) -> [Effect] {
        switch event {
        case .messageStarted(let id, let speaker, let model, let card):
            messageStarted(id: id, speaker: speaker.sanitized, model: model, card: card, &state)
        case .messageDelta(let id, let text):
            messageDelta(id: id, text: text, &state)
        case .messageFinished(let id):
            messageEnded(id: id, status: .complete, &state)
        case .messageFailed(let id, let error, let interrupted):
            let reason = Sanitize.line(error)
            messageEnded(id: id, status: interrupted ? .interrupted(reason.isEmpty ? nil : reason) : .failed(reason), &state)
        case .phaseChanged(let phase):
            phaseChanged(phase, &state)
        case .cardChanged(let update):
            state.board.upsert(update)
            if state.focus == .board, !state.board.visibleCards.contains(where: { $0.id == state.board.selectedCardID }) {
                state.board.selectedCardID = state.board.visibleCards.first?.id
            }
        case .summaryChanged(let summary):
            switch summary {
            case .none, .inProgress: state.board.summary = summary
            case .ready(let text): state.board.summary = .ready(Sanitize.text(text))
            case .failed(let error): state.board.summary = .failed(Sanitize.line(error))
            }
        case .serverChanged(let server):
            serverChanged(server, &state)
        case .usageChanged(let usage):
            state.status.usage = usage
        case .systemNote(let text, let level):
            appendToConversation(.note(text, level), &state)
        case .question(let text):
            let clean = Sanitize.text(text)
            state.pendingQuestion = clean
            appendToConversation(TranscriptEntry(kind: .question, speaker: .system, text: clean), &state)
        }
        return []
    }

    static func messageStarted(id: Int64, speaker: Speaker, model: String?, card: String?, _ state: inout AppState) {
        state.notePalette(speaker)
        if case .specialist(let specialist) = speaker {
            state.board.specialists[specialist] = .speaking
            state.board.showsTeam = true
        }
        guard let card else {
            if state.conversation.scrollBack > 0 {
                let entry = TranscriptEntry(messageID: id, speaker: speaker, model: model, text: "", status: .streaming)
                let width = StudioLayout(state).conversation.width
                state.conversation.scrollBack += TranscriptLayout.lineCount(for: entry, width: width,
                                                                            isFirst: state.conversation.entries.isEmpty)
            }
            state.conversation.start(id: id, speaker: speaker, model: model)
            return
        }
        state.board.cardOfMessage[id] = card
        state.board.bytesSeen[id] = 0
        if state.details?.cardID == card { state.details?.started(id: id, speaker: speaker, model: model) }
    }

    static func messageDelta(id: Int64, text: String, _ state: inout AppState) {
        if state.conversation.contains(id) {
            guard state.conversation.scrollBack > 0, let before = state.conversation.entry(for: id), !before.text.isEmpty else {
                changeMessage(id, &state) { _ = $0.appendDelta(id: id, raw: text) }
                return
            }
            state.conversation.appendDelta(id: id, raw: text)
            guard let after = state.conversation.entry(for: id) else { return }
            // Only the last paragraph can rewrap: count its lines before and after.
            let width = StudioLayout(state).conversation.width - 2
            let cut = before.text.lastIndex(of: "\n").map { before.text.index(after: $0) } ?? before.text.startIndex
            let offset = before.text.utf8.distance(from: before.text.utf8.startIndex, to: cut)
            let tail = after.text.utf8.index(after.text.utf8.startIndex, offsetBy: offset)
            let added = TextWrap.lineCount(String(after.text[tail...]), width: width)
                - TextWrap.lineCount(String(before.text[cut...]), width: width)
            state.conversation.scrollBack = max(0, state.conversation.scrollBack + added)
            return
        }
        guard let card = state.board.cardOfMessage[id] else { return }
        let offset = state.board.bytesSeen[id] ?? 0
        state.board.bytesSeen[id] = offset + text.utf8.count
        if state.details?.cardID == card { state.details?.delta(id: id, offset: offset, text: text) }
    }

    static func messageEnded(id: Int64, status: TranscriptEntry.Status, _ state: inout AppState) {
        if state.conversation.contains(id) {
            if let entry = state.conversation.entry(for: id), case .specialist(let specialist) = entry.speaker {
                state.board.specialists[specialist] = switch status {
                case .complete, .streaming: .done
                case .failed(let reason): .failed(reason)
                case .interrupted: .failed("interrupted")
                }
            }
            changeMessage(id, &state) { $0.finish(id: id, status: status) }
            return
        }
        guard let card = state.board.cardOfMessage.removeValue(forKey: id) else { return }
        state.board.bytesSeen[id] = nil
        if state.details?.cardID == card { state.details?.ended(id: id, status: status) }
    }

    static func phaseChanged(_ phase: TeamPhase, _ state: inout AppState) {
        guard phase != state.status.phase else { return }
        state.status.phase = phase
        guard phase != .idle else { return }
        state.board.showsTeam = true
        if phase == .ideation {
            for specialist in Specialist.allCases { state.board.specialists[specialist] = .waiting }
        }
        appendToConversation(TranscriptEntry(kind: .phase, speaker: .system, text: "phase: " + phase.rawValue), &state)
    }

    static func serverChanged(_ server: ServerStatus, _ state: inout AppState) {
        let previous = state.status.upsert(server)
        guard let shown = state.status.servers.first(where: { $0.name == Sanitize.line(server.name) }) else { return }
        if shown.state == .down && previous != .down {
            let detail = shown.detail.map { ": " + $0 } ?? ""
            appendToConversation(.note("\(shown.name) at \(shown.url) is unreachable\(detail)", .error), &state)
        } else if shown.state == .up && previous == .down {
            appendToConversation(.note("\(shown.name) at \(shown.url) is reachable again", .info), &state)
        }
    }
}
