import Comfy
import Core
import Engine
import Store

/// One `--json` line of `atelier generate` / `generations send`: what happened (`event`:
/// `status`, `submitted`, `queued`, `started`, `node`, `progress`, `notice`, `saved`,
/// `finished`) with the fields that event has; absent fields are left out. Encoded by
/// `JSONLines` (snake_case keys). A plain value.
struct GenerationEventLine: Encodable {
    var event: String
    var generationId: Int64
    var status: String?
    var progress: Double?
    var node: String?
    var classType: String?
    var step: Double?
    var steps: Double?
    var promptId: String?
    var attempt: Int?
    var position: Int?
    var message: String?
    var path: String?
    var mediaType: String?
    var bytes: Int?
    var sha256: String?
    var error: String?
    var errorKind: String?
    var available: [String]?
    var files: [String]?
    var exitCode: Int32?

    init(_ event: String, _ generationID: Int64) {
        self.event = event
        self.generationId = generationID
    }

    /// The line for an update, nil for updates scripts do not need (most raw job events).
    static func make(_ update: GenerationUpdate, generationID id: Int64) -> GenerationEventLine? {
        switch update {
        case .stored(let row):
            var line = GenerationEventLine("status", id)
            line.status = row.status.rawValue
            line.progress = row.progress
            line.promptId = row.comfyPromptID
            return line
        case .job(let event):
            return job(event, id)
        case .progress(let progress):
            var line = GenerationEventLine("progress", id)
            line.progress = progress.fraction
            line.node = progress.node
            line.classType = progress.classType
            line.step = progress.value
            line.steps = progress.maximum
            return line
        case .notice(let text):
            var line = GenerationEventLine("notice", id)
            line.message = text
            return line
        case .asset(let asset):
            var line = GenerationEventLine("saved", id)
            line.path = asset.path
            line.mediaType = asset.mediaType
            line.bytes = asset.bytes
            line.sha256 = asset.sha256
            return line
        case .finished(let outcome):
            var line = GenerationEventLine("finished", id)
            line.status = outcome.generation.status.rawValue
            line.files = outcome.assets.map(\.path)
            line.error = outcome.error?.message
            line.errorKind = outcome.error.map { String(describing: $0.kind) }
            line.available = outcome.error?.available.isEmpty == false ? outcome.error?.available : nil
            line.exitCode = GenerationExitCodes.code(for: outcome.error).rawValue
            return line
        }
    }

    private static func job(_ event: GenerationEvent, _ id: Int64) -> GenerationEventLine? {
        switch event {
        case .submitted(let promptID, let attempt):
            var line = GenerationEventLine("submitted", id)
            line.promptId = promptID
            line.attempt = attempt
            return line
        case .queued(let position):
            var line = GenerationEventLine("queued", id)
            line.position = position
            return line
        case .started:
            return GenerationEventLine("started", id)
        case .nodeStarted(let node, let classType):
            var line = GenerationEventLine("node", id)
            line.node = node
            line.classType = classType
            return line
        default:
            return nil
        }
    }
}
