import Core
import Engine
import UI

/// The id of a chorus card, `chorus:GROUP:RUN:STAGE`: one card per artist per stage (the
/// artist's writing, then the brush). A plain value.
struct ChorusCardID: Hashable {
    var groupID: Int64
    var runID: Int64
    var stage: ChorusStage

    init(groupID: Int64, runID: Int64, stage: ChorusStage) {
        self.groupID = groupID
        self.runID = runID
        self.stage = stage
    }

    /// Parses an id made by `text`; nil for any other card id.
    init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "chorus", let group = Int64(parts[1]), let run = Int64(parts[2]),
              let stage = ChorusStage(rawValue: String(parts[3])) else { return nil }
        self.init(groupID: group, runID: run, stage: stage)
    }

    var text: String { "chorus:\(groupID):\(runID):\(stage.rawValue)" }
}

/// Turns one chorus group's events into studio messages: a card per artist per stage
/// (running, done, error with its message), the artists' streamed text inside their cards'
/// threads, and notes for retries, the budget stop, cancellation and the group's stats.
/// Not shared: one per group, used by that group's pump task.
struct ChorusEventMapper {
    let groupID: Int64
    private var titles: [Int64: String] = [:]

    init(groupID: Int64) {
        self.groupID = groupID
    }

    var group: String { "Chorus #\(groupID)" }

    func card(_ runID: Int64, _ stage: ChorusStage, _ status: CardStatus, _ message: String? = nil) -> AppMessage {
        let id = ChorusCardID(groupID: groupID, runID: runID, stage: stage).text
        return .event(.cardChanged(CardUpdate(id: id, group: group, title: titles[runID] ?? "artist #\(runID)",
                                              stage: stage.rawValue, status: status, message: message)))
    }

    mutating func map(_ event: ChorusEvent) -> [AppMessage] {
        switch event {
        case .started(let detail):
            for run in detail.runs { titles[run.id] = "\(run.artist.displayName) \(run.artist.model.description)" }
            return detail.runs.map { card($0.id, .artist, .running) }
                + [.event(.systemNote("chorus #\(groupID): \(detail.runs.count) artists, one brush", .info))]
        case .runChanged(let run):
            titles[run.id] = titles[run.id] ?? "\(run.artist.displayName) \(run.artist.model.description)"
            switch run.status {
            case .queued:
                return []
            case .generating:
                return [card(run.id, run.stage ?? .artist, .running)]
            case .done:
                var messages = [card(run.id, .artist, .done)]
                if run.generationID != nil { messages.append(card(run.id, .brush, .done, run.generationStatus?.rawValue)) }
                if let prompt = run.imagePrompt {
                    messages.append(.event(.systemNote("\(run.artist.displayName): \(prompt)", .info)))
                }
                return messages
            case .failed:
                return [card(run.id, run.stage ?? .artist, .error, run.error ?? run.status.rawValue)]
            }
        case .artistTurn(let runID, let turn):
            let id = ChorusCardID(groupID: groupID, runID: runID, stage: .artist).text
            return EngineBridge.uiEvents(turn, card: id).map { AppMessage.event($0) }
        case .retrying(_, let attempt, let delay, let reason):
            return [.event(.systemNote("retry \(attempt) in \(MessageFormatter.seconds(delay)): \(reason)", .warning))]
        case .generationRecorded:
            return []
        case .stats:
            return []
        case .budgetStopped(let spent, let budget):
            return [.event(.systemNote("chorus #\(groupID) stopped: \(MessageFormatter.dollars(spent)) of its "
                                       + "\(MessageFormatter.dollars(budget)) budget spent", .warning))]
        case .cancelled:
            return [.event(.systemNote("chorus #\(groupID) cancelled", .warning))]
        case .groupChanged:
            return []
        case .finished(let detail):
            let stats = detail.stats
            return [.event(.systemNote("chorus #\(groupID): \(stats.done) done, \(stats.failed) failed, "
                                       + MessageFormatter.dollars(stats.totalCost), .info))]
        }
    }
}
