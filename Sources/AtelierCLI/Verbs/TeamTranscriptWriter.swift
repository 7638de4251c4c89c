import Core
import Engine
import Foundation

/// The plain-text form of a team session's events: `== phase ==` lines, `── Speaker · model`
/// headers followed by the streamed text, the person's messages, the engine's notes, and
/// one line per spec milestone (proposed, approved, sent back). Model and stored text goes
/// through the writer's untrusted paths. An interjection that arrives while a specialist
/// streams is shown when that turn ends, so the speaker's text is not cut in two.
/// Not Sendable: `TeamPrinter` owns it.
final class TeamTranscriptWriter {
    private let writer: TranscriptWriter
    private var streaming = false
    private var heldBack: [StoredMessage] = []

    init(writer: TranscriptWriter) {
        self.writer = writer
    }

    func header(_ record: TeamSessionRecord) {
        writer.line("Team session \(record.sessionID) — \(Self.models(record.models))")
    }

    func show(_ event: TeamEvent) {
        switch event {
        case .phaseChanged(.ready, _):
            // The `ready` event's own line follows.
            break
        case .phaseChanged(let phase, let round):
            let numbered = (phase == .refinement || phase == .adjustment) && round > 0
            writer.line("\n== \(phase.rawValue)\(numbered ? " · round \(round)" : "") ==")
        case .userMessage(let message):
            self.message(message)
        case .interjectionReceived(let message):
            if streaming {
                heldBack.append(message)
            } else {
                interjection(message)
            }
        case .interjectionAnswering(_, let roles):
            writer.line("(answering you: \(roles.map(\.name).joined(separator: ", ")))")
        case .turn(let role, let turn):
            show(role, turn)
        case .speakerCancelled(let role, _):
            writer.line("(\(role.name) was stopped; the team goes on)")
        case .note(let message):
            self.message(message)
        case .specProposed(let version):
            writer.untrustedLine("spec v\(version.version) (\(Self.source(version.source))): \(Self.brief(version.spec))")
        case .reviewApproved(let version):
            writer.line("✓ Lens approved spec v\(version.version)")
        case .reviewRejected(let version, _, let sendBacks):
            writer.line("✗ Lens sent spec v\(version.version) back (send-back \(sendBacks))")
        case .reviewLimitReached(let version):
            writer.line("! spec v\(version.version) goes ahead: Lens still objects after the last send-back")
        case .reviewSkipped(let version):
            writer.line("! spec v\(version.version) goes ahead unreviewed")
        case .ready(let version):
            writer.line("\n== ready: spec v\(version.version) (\(version.review.rawValue)) ==")
        case .cancelled:
            writer.line("(the session was cancelled; what was said is kept)")
        case .statusChanged, .interjectionAnswered, .speakerPrompted, .speakerSkipped, .consensusReached,
             .repetitionDetected, .needsUserChoice, .clarifyingQuestions, .specParseRetry, .specFallback, .failed:
            // Markers for the status board; the notes that go with them are printed.
            break
        }
    }

    private func show(_ role: TeamRole, _ turn: TurnEvent) {
        switch turn {
        case .started(_, _, let model):
            streaming = true
            writer.line("── \(role.name) (\(role.title)) · \(model)")
        case .text(let id, let piece):
            writer.piece(piece, stream: id)
        case .reasoning:
            break
        case .finished(let message):
            turnEnded(message.id)
        case .failed(let message, _):
            // The engine's note says what failed (or `speakerCancelled` that it was stopped).
            turnEnded(message.id)
        }
    }

    private func turnEnded(_ id: Int64) {
        writer.finish(stream: id)
        streaming = false
        let held = heldBack
        heldBack.removeAll()
        for message in held { interjection(message) }
    }

    private func interjection(_ message: StoredMessage) {
        writer.line("── you (interjection: answered after this turn)")
        writer.untrustedLine(message.content)
    }

    /// A whole stored message: its speaker line, then its text.
    func message(_ message: StoredMessage) {
        writer.untrustedLine("── \(message.speaker)")
        writer.untrustedLine(message.content)
    }

    /// The approved spec as a JSON block.
    func finalSpec(_ version: TeamSpecVersion) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let text = (try? encoder.encode(version.spec)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        writer.line("\nSpec v\(version.version) (\(version.review.rawValue)):")
        writer.untrustedLine(text)
    }

    static func models(_ models: [TeamRole: ModelRef]) -> String {
        TeamRole.allCases.map { "\($0.name): \(models[$0]?.description ?? "?")" }.joined(separator: ", ")
    }

    static func source(_ source: TeamSpecVersion.Source) -> String {
        switch source {
        case .model: return "from Pixel"
        case .retry: return "from Pixel, second try"
        case .fallback: return "template defaults"
        }
    }

    /// `768×512 · dreamshaper_8.safetensors · dpmpp_2m/karras · 28 steps · cfg 6.5 · seed 42`.
    static func brief(_ spec: GenerationSpec) -> String {
        "\(spec.width)×\(spec.height) · \(spec.checkpoint) · \(spec.sampler)/\(spec.scheduler) · \(spec.steps) steps · "
            + "cfg \(spec.cfg) · seed \(spec.seed)"
    }
}
