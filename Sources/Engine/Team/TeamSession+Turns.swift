import Core
import Foundation

/// One specialist's turn and the turn boundary where interjections are answered. Runs in
/// the driver task, on the actor.
extension TeamSession {
    /// How a turn ended, for the flow.
    enum SpeakResult {
        /// A complete, non-empty reply.
        case spoke(StoredMessage)
        /// The person cancelled the speaker; the message keeps the partial text.
        case cancelled(StoredMessage)
        /// The model failed (noted; the role is benched for this pass).
        case failed
        /// The role was already benched in this pass.
        case skipped
    }

    /// Runs one turn of `role` with the full context, streaming it into the store and onto
    /// the event stream. Throws only for a store failure, the session's cancellation, or
    /// when every specialist has failed in this pass.
    func speak(_ role: TeamRole, _ task: SpeakerTask, jsonMode: Bool = false) async throws -> SpeakResult {
        try Task.checkCancellation()
        guard !pass.benched.contains(role) else { return .skipped }
        let model = record.models[role] ?? configuration.defaultModel
        let request = TurnRequest(sessionID: sessionID, speaker: role.name, model: model,
                                  messages: builder.messages(for: TeamPersona.of(role), task: task, input: contextInput),
                                  temperature: jsonMode ? configuration.specTemperature : configuration.temperature,
                                  maxTokens: configuration.maxTokens, jsonMode: jsonMode)
        emit(.speakerPrompted(role, ask: task.ask))
        let runner = self.runner
        let continuation = self.continuation
        let turn = Task { try await runner.run(request) { continuation.yield(.turn(role, $0)) } }
        currentTurn = turn
        defer { currentTurn = nil }
        let outcome = try await withTaskCancellationHandler {
            try await turn.value
        } onCancel: {
            turn.cancel()
        }
        remember(outcome.message)
        try Task.checkCancellation()
        let isEmpty = outcome.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        if outcome.succeeded && !isEmpty {
            pass.successes += 1
            return .spoke(outcome.message)
        }
        if outcome.error?.kind == .cancelled {
            emit(.speakerCancelled(role, outcome.message))
            return .cancelled(outcome.message)
        }
        let reason = outcome.error?.description ?? (isEmpty ? "the model returned an empty reply" : "no answer")
        pass.benched.insert(role)
        pass.failures[role] = reason
        emit(.speakerSkipped(role, reason: reason))
        try await addNote("\(role.name) could not answer (\(model)): \(reason). \(role.name) is skipped for now; the others go on.")
        if pass.benched.count == TeamRole.allCases.count {
            throw TeamFailure(message: everyFailedMessage())
        }
        return .failed
    }

    /// The turn boundary: answers every queued interjection, oldest first (including any
    /// that arrive meanwhile), before the flow goes on.
    func boundary() async throws {
        while let next = pendingInterjections.first {
            try await answer(next)
            pendingInterjections.removeAll { $0.id == next.id }
        }
    }

    /// The concerned specialists answer one interjection; during synthesis or review the
    /// spec is then written again so that it follows the new direction.
    func answer(_ message: StoredMessage) async throws {
        let available = TeamRole.allCases.filter { !pass.benched.contains($0) }
        var roles = InterjectionRouter.roles(for: message.content, phase: record.phase).filter(available.contains)
        if roles.isEmpty { roles = Array(available.prefix(1)) }
        emit(.interjectionAnswering(messageID: message.id, roles: roles))
        var answered: [TeamRole] = []
        for role in roles {
            if case .spoke = try await speak(role, .answerInterjection(message.content)) { answered.append(role) }
        }
        if answered.isEmpty {
            try await addNote("No specialist could answer the person's message; its direction is kept for the next turns.")
        }
        record.handledMessageID = max(record.handledMessageID, message.id)
        if record.phase == .synthesis || record.phase == .review { pass.respecNeeded = true }
        touch()
        emit(.interjectionAnswered(messageID: message.id, roles: answered))
        try await persist()
    }

    func everyFailedMessage() -> String {
        let details = TeamRole.allCases.compactMap { role in pass.failures[role].map { "\(role.name): \($0)" } }
        return "every specialist asked failed (\(details.joined(separator: "; "))); check the models and servers, then resume"
    }
}
