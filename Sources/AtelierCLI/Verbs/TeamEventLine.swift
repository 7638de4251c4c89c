import Core
import Engine

/// One line of `atelier team --json`: the event `type` and the fields it carries (snake_case
/// on the wire, absent fields left out). Types: `session`, `status`, `phase`,
/// `user_message`, `interjection`, `interjection_answering`, `interjection_answered`,
/// `speaker_prompted`, `turn_start`, `turn_delta`, `turn_reasoning`, `turn_done`,
/// `turn_error`, `speaker_cancelled`, `speaker_skipped`, `note`, `consensus`, `repetition`,
/// `needs_choice`, `clarifying_questions`, `spec_parse_retry`, `spec_fallback`,
/// `spec_proposed`, `review_approved`, `review_rejected`, `review_limit_reached`,
/// `review_skipped`, `ready`, `failed`, `cancelled`, and last `end`. A plain value.
struct TeamEventLine: Encodable {
    var type: String
    var sessionId: Int64
    var status: String?
    var phase: String?
    var round: Int?
    var role: String?
    var roles: [String]?
    var speaker: String?
    var model: String?
    var models: [String: String]?
    var messageId: Int64?
    var text: String?
    var message: StoredMessage?
    var ask: String?
    var options: [TeamOption]?
    var spec: TeamSpecVersion?
    var reasons: String?
    var sendBacks: Int?
    var similarity: Double?
    var error: String?
    var kind: String?
    var interrupted: Bool?
    var continueCommand: String?

    init(_ type: String, sessionID: Int64) {
        self.type = type
        self.sessionId = sessionID
    }

    static func make(_ event: TeamEvent, sessionID: Int64) -> TeamEventLine {
        func line(_ type: String, _ fill: (inout TeamEventLine) -> Void = { _ in }) -> TeamEventLine {
            var value = TeamEventLine(type, sessionID: sessionID)
            fill(&value)
            return value
        }
        switch event {
        case .statusChanged(let status): return line("status") { $0.status = status.rawValue }
        case .phaseChanged(let phase, let round):
            return line("phase") { $0.phase = phase.rawValue; $0.round = round }
        case .userMessage(let message): return line("user_message") { $0.message = message }
        case .interjectionReceived(let message): return line("interjection") { $0.message = message }
        case .interjectionAnswering(let id, let roles):
            return line("interjection_answering") { $0.messageId = id; $0.roles = roles.map(\.rawValue) }
        case .interjectionAnswered(let id, let roles):
            return line("interjection_answered") { $0.messageId = id; $0.roles = roles.map(\.rawValue) }
        case .speakerPrompted(let role, let ask): return line("speaker_prompted") { $0.role = role.rawValue; $0.ask = ask }
        case .turn(let role, let turn): return self.turn(role, turn, sessionID: sessionID)
        case .speakerCancelled(let role, let message):
            return line("speaker_cancelled") { $0.role = role.rawValue; $0.message = message }
        case .speakerSkipped(let role, let reason): return line("speaker_skipped") { $0.role = role.rawValue; $0.error = reason }
        case .note(let message): return line("note") { $0.message = message }
        case .consensusReached(let round, let roles):
            return line("consensus") { $0.round = round; $0.roles = roles.map(\.rawValue) }
        case .repetitionDetected(let role, let similarity, let round):
            return line("repetition") { $0.role = role.rawValue; $0.similarity = similarity; $0.round = round }
        case .needsUserChoice(let options, let id): return line("needs_choice") { $0.options = options; $0.messageId = id }
        case .clarifyingQuestions(let id): return line("clarifying_questions") { $0.messageId = id }
        case .specParseRetry(let error): return line("spec_parse_retry") { $0.error = error }
        case .specFallback(let reason): return line("spec_fallback") { $0.error = reason }
        case .specProposed(let spec): return line("spec_proposed") { $0.spec = spec }
        case .reviewApproved(let spec): return line("review_approved") { $0.spec = spec }
        case .reviewRejected(let spec, let reasons, let sendBacks):
            return line("review_rejected") { $0.spec = spec; $0.reasons = reasons; $0.sendBacks = sendBacks }
        case .reviewLimitReached(let spec): return line("review_limit_reached") { $0.spec = spec }
        case .reviewSkipped(let spec): return line("review_skipped") { $0.spec = spec }
        case .ready(let spec): return line("ready") { $0.spec = spec }
        case .failed(let message): return line("failed") { $0.error = message }
        case .cancelled: return line("cancelled")
        }
    }

    private static func turn(_ role: TeamRole, _ turn: TurnEvent, sessionID: Int64) -> TeamEventLine {
        var value = TeamEventLine("turn_start", sessionID: sessionID)
        value.role = role.rawValue
        value.messageId = turn.messageID
        switch turn {
        case .started(_, let speaker, let model):
            value.speaker = speaker
            value.model = model.description
        case .text(_, let piece):
            value.type = "turn_delta"
            value.text = piece
        case .reasoning(_, let piece):
            value.type = "turn_reasoning"
            value.text = piece
        case .finished(let message):
            value.type = "turn_done"
            value.message = message
        case .failed(let message, let error):
            value.type = "turn_error"
            value.message = message
            value.kind = error.kind.rawValue
            value.error = error.description
        }
        return value
    }
}
