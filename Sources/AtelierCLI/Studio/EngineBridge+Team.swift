import Core
import Engine
import Foundation
import Store
import UI

extension EngineBridge {
    /// A plain message: starts a team session when none is live (or the last one ended),
    /// otherwise goes to the live one (an interjection while it talks, else the reply or
    /// change request it waits for).
    func sendToTeam(_ text: String) async {
        if let team {
            let status = await team.currentRecord.status
            if status != .cancelled && status != .failed {
                do {
                    _ = try await team.interject(text)
                    return
                } catch TeamSessionError.closed, TeamSessionError.cancelled {
                    // The session ended meanwhile: start a new one below.
                } catch {
                    emit(.effectFailed("your message was not sent: \(describe(error))"))
                    return
                }
            }
            await closeTeam()
        }
        do {
            let configuration = TeamConfiguration(defaultModel: config.defaultModel,
                                                  roleModels: TeamConfiguration.roleModels(fromConfig: config.roles))
            let session = try await TeamSession.create(store: store, directory: catalog, configuration: configuration,
                                                       title: TeamVerb.title(text))
            team = session
            let pump = Task { [weak self] in
                for await event in session.events {
                    await self?.bridgeTeam(event, session: session)
                }
            }
            keep(pump)
            try await session.start(text)
        } catch {
            emit(.effectFailed("the team could not start: \(describe(error))"))
        }
    }

    /// Stops whoever speaks now (team, or a note when nobody does).
    func cancelSpeaker() async {
        if let team, await team.cancelCurrentSpeaker() { return }
        var cancelled = false
        for run in debates.values {
            run.cancel()
            cancelled = true
        }
        for group in choruses.values {
            group.cancel()
            cancelled = true
        }
        for task in asks where !task.isCancelled {
            task.cancel()
            cancelled = true
        }
        if !cancelled { note("nobody is speaking", .info) }
    }

    /// Closes the live team session (cancelling it if it runs).
    func closeTeam() async {
        guard let team else { return }
        self.team = nil
        if await team.currentRecord.status == .running {
            await team.cancel()
        } else {
            await team.close()
        }
    }

    /// One team event, as UI events.
    func bridgeTeam(_ event: TeamEvent, session: TeamSession) async {
        switch event {
        case .statusChanged, .userMessage, .interjectionReceived, .speakerPrompted, .speakerCancelled, .interjectionAnswered:
            break
        case .phaseChanged(let phase, let round):
            emit(.phaseChanged(Self.uiPhase(phase)))
            if round > 1 { note("\(phase.rawValue), round \(round)", .info) }
        case .interjectionAnswering(_, let roles):
            note("answering your message: " + roles.map { $0.rawValue.capitalized }.joined(separator: ", "), .info)
        case .turn(_, let turn):
            bridgeTurn(turn, card: nil)
        case .speakerSkipped(let role, let reason):
            note("\(role.rawValue.capitalized) is skipped: \(reason)", .warning)
        case .note(let message):
            note(message.content, .info)
        case .consensusReached(_, let roles):
            note("consensus: " + roles.map { $0.rawValue.capitalized }.joined(separator: ", ") + " agree", .info)
        case .repetitionDetected(let role, _, _):
            note("\(role.rawValue.capitalized) repeated an earlier turn: refinement ends", .info)
        case .needsUserChoice(let options, _):
            let list = options.map { "\($0.label): \($0.summary)" }.joined(separator: "\n")
            emit(.question("No consensus. Which option?\n" + list))
        case .clarifyingQuestions(let messageID):
            let text = (try? await store.message(id: messageID))?.content ?? "The team has questions about your request."
            emit(.question(text))
        case .specParseRetry(let error):
            note("Pixel's spec did not parse (\(error)); asking once more", .warning)
        case .specFallback(let reason):
            note("no usable spec from Pixel (\(reason)); using the template's defaults", .warning)
        case .specProposed(let spec):
            note("spec version \(spec.version) proposed", .info)
        case .reviewApproved(let spec):
            note("Lens approved spec version \(spec.version)", .info)
        case .reviewRejected(let spec, let reasons, _):
            note("Lens sent spec version \(spec.version) back: \(reasons)", .warning)
        case .reviewLimitReached(let spec), .reviewSkipped(let spec):
            note("spec version \(spec.version) goes ahead unreviewed", .warning)
        case .ready(let spec):
            emit(.phaseChanged(.complete))
            let prompt = MessageFormatter.oneLine(spec.spec.positive, limit: 120)
            note("ready: spec version \(spec.version) — \(prompt). Type a change to adjust it.", .info)
        case .failed(let message):
            note("the team session stopped: \(message)", .error)
            emit(.phaseChanged(.idle))
        case .cancelled:
            emit(.phaseChanged(.idle))
            if team === session { team = nil }
        }
    }

    static func uiPhase(_ phase: Core.TeamPhase) -> UI.TeamPhase {
        switch phase {
        case .ideation: return .ideation
        case .refinement, .adjustment: return .refinement
        case .synthesis: return .synthesis
        case .review: return .review
        case .ready: return .complete
        }
    }

    /// An error as one line for the person (keys never appear: providers redact).
    func describe(_ error: any Error) -> String {
        if let error = error as? ProviderError { return error.message + (error.hint.map { " — " + $0 } ?? "") }
        return CLIErrorMapper.map(error).message
    }
}
