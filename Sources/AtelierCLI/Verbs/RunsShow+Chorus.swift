import Core
import Engine
import Foundation
import Store

/// `atelier runs show` for a chorus group: prompt version and hash, brush, budget, every
/// run with its stage, statement, image prompt, warnings, figures and generation, then the
/// statistics.
extension RunsShow {
    func chorus(_ id: Int64) async throws {
        guard let detail = try await store.chorusGroupDetail(id: id) else {
            throw CLIError("no run \(id) (see `atelier runs list`)", code: .failure)
        }
        if json {
            emit("chorus", detail)
            return
        }
        let group = detail.group
        say("Chorus group \(id) · \(group.status.rawValue) · \(MessageFormatter.timestamp(group.createdAt)) · session \(group.sessionID)")
        say("Prompt \(group.promptVersion) (sha256 \(group.promptSHA256.prefix(16))…): " + group.prompt)
        var brush = "Brush: \(group.brush.workflowID)"
        let parameters = group.brush.parameters.keys.sorted().compactMap { key in
            group.brush.parameters[key].map { "\(key)=\(Self.text($0))" }
        }
        if !parameters.isEmpty { brush += " (" + parameters.joined(separator: ", ") + ")" }
        if let budget = group.budget { brush += " · budget \(MessageFormatter.dollars(budget))" }
        if let estimate = group.estimatedCost { brush += " · estimate \(MessageFormatter.dollars(estimate))" }
        say(brush)
        if let note = group.note { say("Note: " + note) }
        say("Runs:")
        for run in detail.runs {
            var line = "  [\(run.artist.slug)] \(run.artist.model)  \(run.status.rawValue)"
            if let stage = run.stage { line += " (\(stage.rawValue) stage)" }
            line += " · attempts \(run.attempts)"
            if run.status == .done { line += " · " + ChorusPrinter.figures(run) }
            if let error = run.error { line += "  ✗ " + MessageFormatter.oneLine(error, limit: 200) }
            say(line)
            if let statement = run.statement { say("    statement: " + MessageFormatter.oneLine(statement, limit: 600)) }
            if let prompt = run.imagePrompt { say("    image prompt: " + MessageFormatter.oneLine(prompt, limit: 600)) }
            for warning in run.warnings { say("    ! " + MessageFormatter.oneLine(warning, limit: 300)) }
            if let generation = run.generationID {
                say("    generation #\(generation) (\(run.generationStatus?.rawValue ?? "recorded"))")
            }
        }
        let stats = detail.stats
        var line = "Stats: \(stats.done) done, \(stats.failed) failed, \(stats.queued + stats.generating) unfinished of "
            + "\(stats.total) · \(stats.inputTokens) in / \(stats.outputTokens) out tokens · "
            + MessageFormatter.dollars(stats.totalCost)
        if let mean = stats.meanLatency { line += " · mean \(MessageFormatter.seconds(mean))" }
        say(line)
    }

    static func text(_ value: BrushSettings.Value) -> String {
        switch value {
        case .string(let text): return text
        case .number(let number):
            return number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        case .bool(let flag): return String(flag)
        }
    }
}
