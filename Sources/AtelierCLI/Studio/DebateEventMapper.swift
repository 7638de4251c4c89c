import Core
import Engine
import UI

/// The id of a debate card, `debate:RUN:POSITION:STAGE`: one card per model per stage, so
/// the details pane can load exactly that stage's prompt and answer. A plain value.
struct DebateCardID: Hashable {
    var runID: Int64
    var position: Int
    var stage: DebateStage

    init(runID: Int64, position: Int, stage: DebateStage) {
        self.runID = runID
        self.position = position
        self.stage = stage
    }

    /// Parses an id made by `text`; nil for any other card id.
    init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "debate", let run = Int64(parts[1]), let position = Int(parts[2]),
              let stage = DebateStage(rawValue: String(parts[3])) else { return nil }
        self.init(runID: run, position: position, stage: stage)
    }

    var text: String { "debate:\(runID):\(position):\(stage.rawValue)" }
}

/// Turns one multi-model run's events into studio messages: a card per model per stage
/// (running, done, error), the models' streamed text inside their cards' threads, the
/// synthesis in the conversation, and the summary card. Keeps the model names by position.
/// Not shared: one per run, used by that run's pump task.
struct DebateEventMapper {
    let runID: Int64
    private var titles: [Int: String] = [:]

    init(runID: Int64) {
        self.runID = runID
    }

    var group: String { "Debate #\(runID)" }

    func card(_ position: Int, _ stage: DebateStage, _ status: CardStatus, _ message: String? = nil) -> AppMessage {
        let id = DebateCardID(runID: runID, position: position, stage: stage).text
        return .event(.cardChanged(CardUpdate(id: id, group: group, title: titles[position] ?? "model \(position + 1)",
                                              stage: stage.rawValue, status: status, message: message)))
    }

    mutating func map(_ event: DebateEvent) -> [AppMessage] {
        switch event {
        case .started(let detail):
            for entry in detail.entries { titles[entry.position] = "\(entry.label) \(entry.model.description)" }
            return detail.entries.map { card($0.position, .initial, .running) }
                + [.event(.systemNote("debate #\(runID): \(detail.entries.count) models answer, then debate", .info))]
        case .entryChanged(let entry):
            guard entry.status == .error else { return [] }
            return [card(entry.position, entry.errorStage ?? .initial, .error, entry.error ?? "failed")]
        case .modelTurn(let position, let stage, let turn):
            let id = DebateCardID(runID: runID, position: position, stage: stage).text
            var messages = EngineBridge.uiEvents(turn, card: id).map { AppMessage.event($0) }
            switch turn {
            case .started: messages.insert(card(position, stage, .running), at: 0)
            case .finished: messages.append(card(position, stage, .done))
            case .failed(_, let error): messages.append(card(position, stage, .error, error.message))
            case .text, .reasoning: break
            }
            return messages
        case .debateSkipped(let reason):
            return [.event(.systemNote("no debate: \(reason)", .warning))]
        case .runChanged:
            return []
        case .synthesisStarted(let model):
            return [.event(.systemNote("\(model.description) writes the synthesis", .info))]
        case .synthesisTurn(let turn):
            return EngineBridge.uiEvents(turn, card: nil).map { AppMessage.event($0) }
        case .synthesisFinished:
            return []
        case .synthesisFailed(let error):
            return [.event(.systemNote("the synthesis failed: \(error)", .error))]
        case .summaryStarted:
            return [.event(.summaryChanged(.inProgress))]
        case .summaryText:
            return []
        case .summaryFinished(let text):
            return [.event(.summaryChanged(.ready(text)))]
        case .summaryFailed(let error):
            return [.event(.summaryChanged(.failed(error)))]
        case .finished(let detail):
            return [.event(.systemNote("debate #\(runID) \(detail.run.status.rawValue)", .info))]
        }
    }
}
