import Core
import Foundation

/// The discussion part of the flow: clarity check, ideation, refinement (consensus,
/// repetition, no consensus), the options and the person's choice, adjustments after a
/// result. Runs in the driver task, on the actor.
extension TeamSession {
    func runPass(_ entry: FlowEntry) async throws {
        pass = PassState()
        switch entry {
        case .start:
            try await fromRequest()
        case .chose(let message):
            try await takeChoice(message)
            try await synthesisAndReview()
        case .iteration(let message):
            try await adjust(message)
            try await synthesisAndReview()
        case .resume:
            try await boundary()
            switch record.phase {
            case .ideation: try await fromRequest()
            case .refinement: try await refineThenSynthesise(from: max(1, record.round))
            case .synthesis, .review, .adjustment: try await synthesisAndReview()
            case .ready:
                if let current = specs.last { try await becomeReady(current) } else { try await synthesisAndReview() }
            }
        }
    }

    func fromRequest() async throws {
        if RequestClarity.isUnclear(record.request) {
            try await askClarification()
            return
        }
        try await enterPhase(.ideation, round: 0)
        for role in TeamRole.creative {
            _ = try await speak(role, .ideation)
            try await boundary()
        }
        try await refineThenSynthesise(from: 1)
    }

    /// Saga asks (the engine's own questions if Saga cannot); messages that arrive
    /// meanwhile are taken as the answers.
    func askClarification() async throws {
        let questionID: Int64
        if case .spoke(let message) = try await speak(.saga, .clarify) {
            questionID = message.id
        } else {
            questionID = try await addNote(Self.fallbackQuestions).id
        }
        if !pendingInterjections.isEmpty {
            let answers = pendingInterjections
            pendingInterjections.removeAll()
            for answer in answers {
                let text = answer.content.trimmingCharacters(in: .whitespacesAndNewlines)
                record.request = [record.request, text].filter { !$0.isEmpty }.joined(separator: "\n")
                record.handledMessageID = max(record.handledMessageID, answer.id)
            }
            try await persist()
            try await fromRequest()
            return
        }
        setStatus(.awaitingClarification)
        emit(.clarifyingQuestions(messageID: questionID))
        try await persist()
    }

    static let fallbackQuestions = """
        Before the team starts, tell us a little more:
        1. What should the image show (the subject)?
        2. What mood or feeling should it carry?
        3. Any style, colours or references you like?
        """

    /// How refinement ended.
    enum RefinementEnd {
        /// Consensus, repetition, or nobody left to discuss: go to synthesis.
        case settled
        /// The last round passed without consensus.
        case noConsensus(rounds: Int)
    }

    func refineThenSynthesise(from start: Int) async throws {
        switch try await refine(from: start) {
        case .settled: try await synthesisAndReview()
        case .noConsensus(let rounds): try await offerOptions(rounds: rounds)
        }
    }

    func refine(from start: Int) async throws -> RefinementEnd {
        let total = record.settings.maxRefinementRounds
        guard start <= total else { return .noConsensus(rounds: total) }
        for round in start...total {
            let speakers = TeamRole.creative.filter { !pass.benched.contains($0) }
            guard !speakers.isEmpty else { return .settled }
            try await enterPhase(.refinement, round: round)
            var agreed: [TeamRole] = []
            var spoke = 0
            for role in speakers {
                let result = try await speak(role, .refinement(round: round, of: total))
                if case .spoke(let message) = result {
                    spoke += 1
                    if let similarity = detector.repetition(message.content, earlier: earlierTurns(of: role, before: message.id)) {
                        emit(.repetitionDetected(role, similarity: similarity, round: round))
                        try await addNote("\(role.name) is repeating an earlier point (similarity \(Int((similarity * 100).rounded()))%); "
                                          + "refinement ends here and Pixel writes the spec.")
                        try await boundary()
                        return .settled
                    }
                    let earlier = conversation.filter { $0.id < message.id && $0.status == .complete }.map(\.content)
                    if detector.consents(message.content, earlier: earlier) { agreed.append(role) }
                }
                try await boundary()
            }
            if spoke > 0 && agreed.count == spoke {
                emit(.consensusReached(round: round, roles: agreed))
                try await addNote("The team agrees (\(agreed.map(\.name).joined(separator: ", "))); Pixel writes the spec.")
                return .settled
            }
        }
        return .noConsensus(rounds: total)
    }

    func earlierTurns(of role: TeamRole, before id: Int64) -> [String] {
        conversation.filter {
            $0.id < id && $0.role == .assistant && $0.speaker == role.name && $0.status == .complete
        }.map(\.content)
    }

    func offerOptions(rounds: Int) async throws {
        let options = OptionsSummary.options(from: conversation)
        guard !options.isEmpty else {
            try await synthesisAndReview()
            return
        }
        let note = try await addNote(OptionsSummary.message(options, rounds: rounds))
        try await boundary()
        record.options = options
        setStatus(.awaitingChoice)
        emit(.needsUserChoice(options, messageID: note.id))
        try await persist()
    }

    func takeChoice(_ message: StoredMessage) async throws {
        let options = record.options
        record.options = []
        if let option = OptionsSummary.choice(in: message.content, options: options) {
            try await addNote("The person chose option \(option.label) — \(option.role.name)'s direction: \(option.summary)")
        } else {
            try await addNote("The person gave their own direction; the team follows it.")
        }
        try await persist()
    }

    func adjust(_ message: StoredMessage) async throws {
        record.iteration += 1
        try await enterPhase(.adjustment, round: 1)
        for role in InterjectionRouter.rolesForChange(message.content) {
            _ = try await speak(role, .adjustment(change: message.content, version: record.currentSpecVersion))
            try await boundary()
        }
    }

    func enterPhase(_ phase: TeamPhase, round: Int) async throws {
        try Task.checkCancellation()
        record.phase = phase
        record.round = round
        touch()
        emit(.phaseChanged(phase, round: round))
        try await store.recordTeamPhase(sessionID: sessionID, phase: phase, round: round, at: configuration.clock())
        try await persist()
    }
}
