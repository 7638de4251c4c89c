import Core
import Engine
import Foundation

/// Prints a multi-model run as it happens: one line per model whenever its status changes
/// (`[A] fake:m1  initial → debate`, an error with `✗ error` and the reason), the synthesis
/// as it streams, then the run summary and per-model figures; or one `--json` object per
/// event. Remembers the kinds of failures so the verb exits with the right code.
/// Not Sendable: the verb's event loop owns it.
final class DebatePrinter {
    let streams: StandardStreams
    let json: Bool
    let runID: Int64
    let sessionID: Int64
    private let writer: TranscriptWriter
    private var paths: [Int64: [DebateEntryStatus]] = [:]
    private var modelFailure: ProviderError.Kind?
    private var synthesisFailure: ProviderError.Kind?

    init(streams: StandardStreams, json: Bool, runID: Int64, sessionID: Int64) {
        self.streams = streams
        self.json = json
        self.runID = runID
        self.sessionID = sessionID
        self.writer = TranscriptWriter(streams: streams)
    }

    /// The exit code of the first model failure seen.
    var modelFailureCode: ExitCode { modelFailure.map { CLIErrorMapper.code(for: $0) } ?? .failure }
    /// The exit code of the synthesis failure.
    var synthesisFailureCode: ExitCode { synthesisFailure.map { CLIErrorMapper.code(for: $0) } ?? .failure }

    func show(_ event: DebateEvent) {
        switch event {
        case .modelTurn(_, _, .failed(_, let error)) where error.kind != .cancelled:
            if modelFailure == nil { modelFailure = error.kind }
        case .synthesisTurn(.failed(_, let error)):
            synthesisFailure = error.kind
        default:
            break
        }
        if json {
            streams.out(JSONLines().line(DebateEventLine.make(event, runID: runID, sessionID: sessionID)))
        } else {
            text(event)
        }
    }

    private func text(_ event: DebateEvent) {
        switch event {
        case .started(let detail):
            writer.untrustedLine("Debate run \(runID) (session \(sessionID)) — \(detail.entries.count) models, "
                                 + "master \(detail.run.master)")
            for entry in detail.entries {
                paths[entry.id] = [entry.status]
                writer.untrustedLine(Self.statusLine(entry, path: [entry.status]))
            }
        case .entryChanged(let entry):
            var path = paths[entry.id] ?? []
            guard path.last != entry.status else { return }
            path.append(entry.status)
            paths[entry.id] = path
            writer.untrustedLine(Self.statusLine(entry, path: path))
        case .debateSkipped(let reason):
            writer.untrustedLine("(no debate: \(reason))")
        case .synthesisStarted(let model):
            writer.untrustedLine("\n── Synthesis · \(model)")
        case .synthesisTurn(.text(let id, let piece)):
            writer.piece(piece, stream: id)
        case .synthesisTurn(.finished(let message)), .synthesisTurn(.failed(let message, _)):
            writer.finish(stream: message.id)
        case .synthesisFailed(let reason):
            writer.untrustedLine("✗ the synthesis failed: \(reason)")
        case .modelTurn, .runChanged, .synthesisTurn, .synthesisFinished, .summaryStarted, .summaryText,
             .summaryFinished, .summaryFailed, .finished:
            break
        }
    }

    /// The run summary and each model's figures (text), or nothing more (`--json` ended with `finished`).
    func end(_ detail: DebateRunDetail) {
        guard !json else { return }
        let summary = detail.run.summary
        switch summary.status {
        case .complete:
            writer.untrustedLine("\n── Run summary · \(summary.model?.description ?? detail.run.master.description)")
            writer.untrustedLine(summary.text ?? "")
        case .error:
            writer.untrustedLine("\n✗ the run summary failed: \(summary.error ?? "unknown error")")
        case .pending, .running:
            break
        }
        let answered = detail.entries.filter { $0.status == .complete }.count
        var head = "\nRun \(runID) · \(detail.run.status.rawValue) · \(answered) of \(detail.entries.count) models answered"
        if let cost = Self.totalCost(detail) { head += " · \(MessageFormatter.dollars(cost))" }
        writer.line(head)
        if let note = detail.run.note { writer.untrustedLine("  note: \(note)") }
        for entry in detail.entries { writer.untrustedLine("  " + Self.figuresLine(entry)) }
        writer.line("See it again with `atelier runs show \(runID)` (add --threads for each model's thread).")
    }

    /// `[A] fake:m1  initial → debate → complete`, or the error badge with its reason.
    static func statusLine(_ entry: DebateEntry, path: [DebateEntryStatus]) -> String {
        var line = "[\(entry.label)] \(entry.model)  " + path.map(\.rawValue).joined(separator: " → ")
        if entry.status == .error {
            line += "  ✗ error"
            if let stage = entry.errorStage { line += " at \(stage.rawValue)" }
            line += ": " + MessageFormatter.oneLine(entry.error ?? "unknown error", limit: 200)
        }
        return line
    }

    /// `[A] fake:m1  complete · 12 in / 40 out tokens · 0.52 s · $0.0001`.
    static func figuresLine(_ entry: DebateEntry) -> String {
        var parts = ["[\(entry.label)] \(entry.model)  \(entry.status == .error ? "✗ error" : entry.status.rawValue)"]
        if entry.usage.inputTokens > 0 || entry.usage.outputTokens > 0 {
            let mark = entry.usage.estimated ? "~" : ""
            parts.append("\(mark)\(entry.usage.inputTokens) in / \(mark)\(entry.usage.outputTokens) out tokens")
        }
        if let latency = entry.latency { parts.append(MessageFormatter.seconds(latency)) }
        if let cost = entry.cost, cost > 0 { parts.append(MessageFormatter.dollars(cost)) }
        if entry.status == .error, let error = entry.error { parts.append(MessageFormatter.oneLine(error, limit: 160)) }
        return parts.joined(separator: " · ")
    }

    /// Entries plus the summary; nil when no price was known.
    static func totalCost(_ detail: DebateRunDetail) -> Double? {
        let costs = detail.entries.compactMap(\.cost) + [detail.run.summary.cost].compactMap { $0 }
        return costs.isEmpty ? nil : costs.reduce(0, +)
    }
}
