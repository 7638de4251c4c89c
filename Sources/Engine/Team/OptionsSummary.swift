import Core
import Foundation

/// When refinement ends without consensus: the options offered to the person (each
/// creative specialist's latest proposal, shortened) and the reading of their reply.
/// Stateless.
public enum OptionsSummary {
    /// One option per creative specialist who spoke successfully, labelled A, B, C, from
    /// their latest complete turn in `conversation`.
    public static func options(from conversation: [StoredMessage]) -> [TeamOption] {
        var options: [TeamOption] = []
        for role in TeamRole.creative {
            guard let latest = conversation.last(where: {
                $0.role == .assistant && $0.speaker == role.name && $0.status == .complete && !$0.content.isEmpty
            }) else { continue }
            let label = String(UnicodeScalar(UInt8(65 + options.count)))
            options.append(TeamOption(label: label, role: role, summary: shorten(latest.content)))
        }
        return options
    }

    /// The stored message that presents the options and asks for a choice.
    public static func message(_ options: [TeamOption], rounds: Int) -> String {
        var lines = ["The team has not agreed after \(rounds) round\(rounds == 1 ? "" : "s"). The options:"]
        for option in options {
            lines.append("\(option.label) — \(option.role.name): \(option.summary)")
        }
        let labels = options.map(\.label).joined(separator: ", ")
        lines.append("Reply with \(labels), or describe the direction you want.")
        return lines.joined(separator: "\n")
    }

    /// The option a reply picks: a bare label (`B`, `b.`, `option b`, `(B)`) or a bare
    /// specialist name (`Luna`, `luna's`); nil for anything else (the reply is then the
    /// person's own direction).
    public static func choice(in reply: String, options: [TeamOption]) -> TeamOption? {
        var words = reply.lowercased().split(whereSeparator: { !$0.isLetter && $0 != "'" }).map(String.init)
        if words.first == "option" || words.first == "choice" { words.removeFirst() }
        guard words.count == 1, var word = words.first else { return nil }
        if word.hasSuffix("'s") { word.removeLast(2) }
        return options.first { $0.label.lowercased() == word || $0.role.name.lowercased() == word }
    }

    /// The first two sentences, at most 240 characters, on one line.
    static func shorten(_ text: String) -> String {
        let oneLine = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        var result = ""
        var sentences = 0
        for char in oneLine {
            result.append(char)
            if char == "." || char == "!" || char == "?" {
                sentences += 1
                if sentences == 2 { break }
            }
        }
        let trimmed = result.trimmingCharacters(in: .whitespaces)
        return trimmed.count > 240 ? String(trimmed.prefix(239)) + "…" : trimmed
    }
}
