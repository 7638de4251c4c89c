import Core
import Engine
import Foundation
import Store

/// Prints a chorus group as it runs: one line per run whenever its status changes, the
/// statement, image prompt, warnings and figures of each finished run, retries, the budget
/// stop, then the group's statistics; or one `--json` object per event. Remembers the kind
/// of the last artist failure for the exit code. Not Sendable: the verb's loop owns it.
final class ChorusPrinter {
    let streams: StandardStreams
    let json: Bool
    let estimate: CostEstimate?
    private let writer: TranscriptWriter
    private var paths: [Int64: [ChorusRunStatus]] = [:]
    private var slugs: [Int64: String] = [:]
    private var lastFailure: ProviderError.Kind?

    init(streams: StandardStreams, json: Bool, estimate: CostEstimate?) {
        self.streams = streams
        self.json = json
        self.estimate = estimate
        self.writer = TranscriptWriter(streams: streams)
    }

    /// The exit code of the last artist failure seen, else `failure`.
    var failureCode: ExitCode { lastFailure.map { CLIErrorMapper.code(for: $0) } ?? .failure }

    func show(_ event: ChorusEvent) {
        if case .artistTurn(_, .failed(_, let error)) = event, error.kind != .cancelled { lastFailure = error.kind }
        if json {
            streams.out(JSONLines().line(ChorusEventLine.make(event)))
            return
        }
        switch event {
        case .started(let detail):
            started(detail)
        case .runChanged(let run):
            changed(run)
        case .retrying(let runID, let attempt, let delay, let reason):
            writer.untrustedLine("[\(slugs[runID] ?? "#\(runID)")] retrying (attempt \(attempt)) in "
                                 + "\(MessageFormatter.seconds(delay)): \(MessageFormatter.oneLine(reason, limit: 160))")
        case .budgetStopped(let spent, let budget):
            writer.line("Budget reached: \(MessageFormatter.dollars(spent)) of \(MessageFormatter.dollars(budget)) spent; "
                        + "the artists not yet started stop.")
        case .cancelled:
            writer.line("(the group was cancelled)")
        case .artistTurn, .generationRecorded, .stats, .groupChanged, .finished:
            break
        }
    }

    private func started(_ detail: ChorusGroupDetail) {
        let group = detail.group
        var head = "Chorus group \(group.id) (session \(group.sessionID)) · prompt \(group.promptVersion) · "
            + "brush \(group.brush.workflowID) · \(detail.runs.count) artists"
        if let estimate { head += " · estimate at most \(MessageFormatter.dollars(estimate.total))" }
        if let budget = group.budget { head += " · budget \(MessageFormatter.dollars(budget))" }
        writer.untrustedLine(head)
        for run in detail.runs {
            slugs[run.id] = run.artist.slug
            paths[run.id] = [run.status]
            writer.untrustedLine("[\(run.artist.slug)] \(run.artist.model)  \(run.status.rawValue)")
        }
    }

    private func changed(_ run: ChorusRun) {
        slugs[run.id] = run.artist.slug
        var path = paths[run.id] ?? []
        guard path.last != run.status else { return }
        path.append(run.status)
        paths[run.id] = path
        var line = "[\(run.artist.slug)] \(run.artist.model)  " + path.map(\.rawValue).joined(separator: " → ")
        switch run.status {
        case .done:
            line += " · " + Self.figures(run)
            writer.untrustedLine(line)
            writer.untrustedLine("  statement: " + MessageFormatter.oneLine(run.statement ?? "", limit: 600))
            writer.untrustedLine("  image prompt: " + MessageFormatter.oneLine(run.imagePrompt ?? "", limit: 600))
            for warning in run.warnings { writer.untrustedLine("  ! " + MessageFormatter.oneLine(warning, limit: 300)) }
            if let id = run.generationID {
                writer.line("  generation #\(id) (\(run.generationStatus?.rawValue ?? "recorded"))")
            }
        case .failed:
            line += "  ✗ " + MessageFormatter.oneLine(run.error ?? "failed", limit: 200)
            writer.untrustedLine(line)
        case .queued, .generating:
            writer.untrustedLine(line)
        }
    }

    /// Each artist's image as ComfyUI left it: the saved files, the failure, or the queue
    /// (text), or one `image` line per run (`--json`).
    func images(_ detail: ChorusGroupDetail, records: [Int64: GenerationDetails]) {
        let runs = detail.runs.filter { records[$0.id] != nil }
        guard !runs.isEmpty else { return }
        if json {
            for run in runs { if let record = records[run.id] { streams.out(JSONLines().line(ChorusEventLine.image(runID: run.id, record))) } }
            return
        }
        writer.untrustedLine("\nImages (brush \(detail.group.brush.workflowID)):")
        for run in runs {
            guard let record = records[run.id] else { continue }
            let row = record.generation
            var line = "  [\(run.artist.slug)] generation #\(row.id) \(row.status.rawValue)"
            if let error = row.error { line += ": " + MessageFormatter.oneLine(error, limit: 300) }
            writer.untrustedLine(line)
            for asset in record.assets { writer.untrustedLine("    " + asset.path) }
        }
    }

    /// The group's statistics (text), or nothing more (`--json` ended with `finished`).
    func end(_ detail: ChorusGroupDetail) {
        guard !json else { return }
        let stats = detail.stats
        var line = "\nGroup \(detail.group.id) · \(detail.group.status.rawValue) · \(stats.done) done, "
            + "\(stats.failed) failed of \(stats.total) · \(stats.inputTokens) in / \(stats.outputTokens) out tokens · "
            + MessageFormatter.dollars(stats.totalCost)
        if let mean = stats.meanLatency { line += " · mean \(MessageFormatter.seconds(mean))" }
        writer.line(line)
        if let note = detail.group.note { writer.untrustedLine("  note: \(note)") }
        writer.line("See it again with `atelier runs show \(detail.group.id)`; "
                    + "export it with `atelier chorus export \(detail.group.id)`.")
    }

    /// `120 in / 340 out tokens · 2.31 s · $0.0012` for a finished run.
    static func figures(_ run: ChorusRun) -> String {
        var parts: [String] = []
        if let usage = run.artistMetrics.usage {
            let mark = usage.estimated ? "~" : ""
            parts.append("\(mark)\(usage.inputTokens) in / \(mark)\(usage.outputTokens) out tokens")
        }
        if let latency = run.totalLatency { parts.append(MessageFormatter.seconds(latency)) }
        parts.append(run.totalCost.map(MessageFormatter.dollars) ?? "cost unknown")
        return parts.joined(separator: " · ")
    }
}
