import Core
import Engine
import Store

/// One line of `atelier chorus --json`: the event `type` and its fields (snake_case, absent
/// fields left out). Types: `started` (the group and its queued runs), `run` (a run as now
/// stored), `artist_start`/`artist_delta`/`artist_reasoning`/`artist_done`/`artist_error`
/// (with `run_id`), `retrying`, `generation`, `stats`, `budget_stopped`, `cancelled`,
/// `group`, `image` (a run's generation once ComfyUI is done: `generation`, `files`,
/// `reason` when it failed), and last `finished` (the whole group). A plain value.
struct ChorusEventLine: Encodable {
    var type: String
    var detail: ChorusGroupDetail?
    var group: ChorusGroup?
    var run: ChorusRun?
    var runId: Int64?
    var messageId: Int64?
    var model: String?
    var text: String?
    var message: StoredMessage?
    var attempt: Int?
    var delaySeconds: Double?
    var reason: String?
    var generation: StoredGeneration?
    var stats: ChorusStats?
    var spent: Double?
    var budget: Double?
    var kind: String?
    var files: [String]?

    init(_ type: String) {
        self.type = type
    }

    /// The `image` line of a run's generation record.
    static func image(runID: Int64, _ record: GenerationDetails) -> ChorusEventLine {
        var line = ChorusEventLine("image")
        line.runId = runID
        line.generation = record.generation
        line.files = record.assets.map(\.path)
        line.reason = record.generation.error
        return line
    }

    static func make(_ event: ChorusEvent) -> ChorusEventLine {
        var line = ChorusEventLine("finished")
        switch event {
        case .started(let detail):
            line.type = "started"
            line.detail = detail
        case .runChanged(let run):
            line.type = "run"
            line.run = run
        case .artistTurn(let runID, let turn):
            line.runId = runID
            line.messageId = turn.messageID
            switch turn {
            case .started(_, _, let model):
                line.type = "artist_start"
                line.model = model.description
            case .text(_, let piece):
                line.type = "artist_delta"
                line.text = piece
            case .reasoning(_, let piece):
                line.type = "artist_reasoning"
                line.text = piece
            case .finished(let message):
                line.type = "artist_done"
                line.message = message
            case .failed(let message, let error):
                line.type = "artist_error"
                line.message = message
                line.kind = error.kind.rawValue
                line.reason = error.description
            }
        case .retrying(let runID, let attempt, let delay, let reason):
            line.type = "retrying"
            line.runId = runID
            line.attempt = attempt
            line.delaySeconds = delay
            line.reason = reason
        case .generationRecorded(let runID, let generation):
            line.type = "generation"
            line.runId = runID
            line.generation = generation
        case .stats(let stats):
            line.type = "stats"
            line.stats = stats
        case .budgetStopped(let spent, let budget):
            line.type = "budget_stopped"
            line.spent = spent
            line.budget = budget
        case .cancelled:
            line.type = "cancelled"
        case .groupChanged(let group):
            line.type = "group"
            line.group = group
        case .finished(let detail):
            line.detail = detail
        }
        return line
    }
}
