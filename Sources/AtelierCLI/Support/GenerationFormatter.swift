import Comfy
import Core
import Foundation
import Store

/// Formats generation records as the plain text `generations list|show` and
/// `generate --no-send` print. Pure: returns strings holding stored (untrusted) text, which
/// the caller writes through `StandardStreams.outUntrusted`. Any task.
enum GenerationFormatter {
    /// `#12  complete   probe-modelfree   2026-11-21 15:04  session 3  "a lighthouse…"`.
    static func line(_ generation: StoredGeneration) -> String {
        var text = "#\(generation.id)  \(generation.status.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0))  "
            + "\(generation.workflowID)  \(MessageFormatter.timestamp(generation.createdAt))"
        if generation.status == .running || generation.status == .queued {
            text += "  \(Int((generation.progress * 100).rounded(.down)))%"
        }
        text += "  " + (generation.sessionID.map { "session \($0)" } ?? "no session")
        if !generation.positive.isEmpty { text += "  \"\(MessageFormatter.oneLine(generation.positive, limit: 50))\"" }
        return text
    }

    /// Every field of a record, one per line, then its files with size and SHA-256.
    static func details(_ details: GenerationDetails) -> String {
        let row = details.generation
        var lines = ["generation \(row.id) · \(row.status.rawValue) · workflow \(row.workflowID) · "
            + "\(row.sourceKind.rawValue)\(row.sourceID.map { " #\($0)" } ?? "") · "
            + (row.sessionID.map { "session \($0)" } ?? "no session")]
        if let idea = details.idea, idea != row.positive { lines.append("idea: \(idea)") }
        if let interception = details.interception, interception != row.positive { lines.append("interception: \(interception)") }
        if !row.positive.isEmpty { lines.append("prompt: \(row.positive)") }
        if !row.negative.isEmpty { lines.append("negative: \(row.negative)") }
        let parameters = parameterText(row.parametersJSON)
        if !parameters.isEmpty { lines.append("parameters: \(parameters)") }
        if row.status == .queued || row.status == .running {
            lines.append("progress: \(Int((row.progress * 100).rounded(.down)))%")
        }
        if let promptID = row.comfyPromptID { lines.append("comfyui prompt: \(promptID) (attempts: \(details.attempts))") }
        var times = "created \(MessageFormatter.timestamp(row.createdAt))"
        if let started = details.startedAt { times += " · started \(MessageFormatter.timestamp(started))" }
        if let finished = details.finishedAt {
            times += " · finished \(MessageFormatter.timestamp(finished))"
            if let started = details.startedAt {
                times += " (\(MessageFormatter.seconds(max(0, finished.timeIntervalSince(started)))) running)"
            }
        }
        lines.append(times)
        if let error = row.error { lines.append("error: \(error)") }
        for note in details.notes { lines.append("note: \(note)") }
        if details.assets.isEmpty {
            lines.append("files: none")
        } else {
            lines.append("files:")
            for asset in details.assets {
                lines.append("  \(asset.path)  \(asset.mediaType)  \(asset.bytes) bytes  sha256 \(asset.sha256)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `cfg=7.0 height=512 seed=42 …`: the stored parameters without the prompts.
    static func parameterText(_ json: String) -> String {
        guard let object = (try? JSONValue.parse(Data(json.utf8)))?.objectValue else { return "" }
        return object.keys.sorted().filter { $0 != "prompt" && $0 != "negative_prompt" }.compactMap { key in
            guard let value = object[key] else { return nil }
            let text: String
            switch value {
            case .string(let string): text = MessageFormatter.oneLine(string, limit: 60)
            default: text = value.text
            }
            return "\(key)=\(text)"
        }.joined(separator: " ")
    }
}
