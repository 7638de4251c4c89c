import Core
import Engine

/// One line of `atelier debate --json`: the event `type` and its fields (snake_case, absent
/// fields left out). Types: `started` (the run and its entries), `entry` (an entry as now
/// stored), `model_start`/`model_delta`/`model_reasoning`/`model_done`/`model_error` (with
/// `position` and `stage`), `debate_skipped`, `run`, `synthesis_start`,
/// `synthesis_turn_start`/`synthesis_delta`/`synthesis_reasoning`/`synthesis_turn_done`/
/// `synthesis_turn_error`, `synthesis_done`, `synthesis_error`, `summary_start`,
/// `summary_delta`, `summary_done`, `summary_error`, and last `finished`. A plain value.
struct DebateEventLine: Encodable {
    var type: String
    var runId: Int64
    var sessionId: Int64
    var detail: DebateRunDetail?
    var entry: DebateEntry?
    var run: DebateRun?
    var position: Int?
    var stage: String?
    var model: String?
    var messageId: Int64?
    var text: String?
    var message: StoredMessage?
    var error: String?
    var kind: String?

    init(_ type: String, runID: Int64, sessionID: Int64) {
        self.type = type
        self.runId = runID
        self.sessionId = sessionID
    }

    static func make(_ event: DebateEvent, runID: Int64, sessionID: Int64) -> DebateEventLine {
        var line = DebateEventLine("finished", runID: runID, sessionID: sessionID)
        switch event {
        case .started(let detail):
            line.type = "started"
            line.detail = detail
        case .entryChanged(let entry):
            line.type = "entry"
            line.entry = entry
        case .modelTurn(let position, let stage, let turn):
            line.fill(turn, prefix: "model")
            line.position = position
            line.stage = stage.rawValue
        case .debateSkipped(let reason):
            line.type = "debate_skipped"
            line.text = reason
        case .runChanged(let run):
            line.type = "run"
            line.run = run
        case .synthesisStarted(let model):
            line.type = "synthesis_start"
            line.model = model.description
        case .synthesisTurn(let turn):
            line.fill(turn, prefix: "synthesis")
            if line.type == "synthesis_start" { line.type = "synthesis_turn_start" }
            if line.type == "synthesis_done" { line.type = "synthesis_turn_done" }
            if line.type == "synthesis_error" { line.type = "synthesis_turn_error" }
        case .synthesisFinished(let message):
            line.type = "synthesis_done"
            line.message = message
        case .synthesisFailed(let reason):
            line.type = "synthesis_error"
            line.error = reason
        case .summaryStarted(let model):
            line.type = "summary_start"
            line.model = model.description
        case .summaryText(let piece):
            line.type = "summary_delta"
            line.text = piece
        case .summaryFinished(let text):
            line.type = "summary_done"
            line.text = text
        case .summaryFailed(let reason):
            line.type = "summary_error"
            line.error = reason
        case .finished(let detail):
            line.detail = detail
        }
        return line
    }

    /// `<prefix>_start`, `_delta`, `_reasoning`, `_done` or `_error` for one turn event.
    private mutating func fill(_ turn: TurnEvent, prefix: String) {
        messageId = turn.messageID
        switch turn {
        case .started(_, _, let model):
            type = prefix + "_start"
            self.model = model.description
        case .text(_, let piece):
            type = prefix + "_delta"
            text = piece
        case .reasoning(_, let piece):
            type = prefix + "_reasoning"
            text = piece
        case .finished(let message):
            type = prefix + "_done"
            self.message = message
        case .failed(let message, let error):
            type = prefix + "_error"
            self.message = message
            kind = error.kind.rawValue
            self.error = error.description
        }
    }
}
