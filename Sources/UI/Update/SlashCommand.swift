import Foundation

/// A command typed in the input line (`/ask`, `/debate`, …), parsed. The catalog below is the
/// one list the parser, the help screen and the "unknown command" message read. A plain value.
public enum SlashCommand: Sendable, Hashable {
    case ask(model: String, text: String)
    case debate(models: [String], text: String)
    case chorus(artists: [String], text: String)
    case team(text: String)
    case search(query: String)
    case assign(role: String, model: String)
    case theme(name: String)
    case newSession(title: String?)
    case rename(title: String)
    case delete
    case sessions, settings, help, cancel, quit

    /// Every command with its usage and a line of help, in the order help lists them.
    public static let catalog: [(name: String, usage: String, help: String)] = [
        ("team", "/team TEXT", "Talk to the team (the same as typing without a command)"),
        ("ask", "/ask MODEL TEXT", "Ask one model, e.g. /ask ollama:llama3.2 Name a colour"),
        ("debate", "/debate A,B[,C] TEXT", "Run a multi-model debate with a synthesis"),
        ("chorus", "/chorus A,B TEXT", "Send one prompt to several artists"),
        ("cancel", "/cancel", "Stop the current speaker"),
        ("search", "/search TEXT", "Search every session"),
        ("sessions", "/sessions", "List sessions (F2)"),
        ("new", "/new [TITLE]", "Start a new session"),
        ("rename", "/rename TITLE", "Rename the selected (or current) session"),
        ("delete", "/delete", "Delete the selected session (type it twice to confirm)"),
        ("settings", "/settings", "Which model plays each role (F4)"),
        ("assign", "/assign ROLE=MODEL", "Give a role a model, e.g. /assign luna=ollama:llama3.2"),
        ("theme", "/theme NAME", "Switch theme: default-dark, light, high-contrast, sixteen"),
        ("help", "/help", "Keys and commands (F1)"),
        ("quit", "/quit", "Leave Atelier (Ctrl+Q)"),
    ]

    /// Parses one input line that starts with `/`. `roles` are the roles `/assign` accepts.
    public static func parse(_ line: String, roles: [String]) -> Result<SlashCommand, SlashCommandError> {
        let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
        let body = trimmed.dropFirst()
        let rawName = body.prefix { !$0.isWhitespace }
        let name = rawName.lowercased()
        let rest = body.dropFirst(rawName.count).trimmingCharacters(in: .whitespacesAndNewlines)
        func usage(_ message: String) -> Result<SlashCommand, SlashCommandError> {
            let shown = catalog.first { $0.name == name }?.usage ?? "/\(name)"
            return .failure(SlashCommandError(message: "\(message) — usage: \(shown)"))
        }
        switch name {
        case "ask":
            let model = String(rest.prefix { !$0.isWhitespace })
            let text = rest.dropFirst(model.count).trimmingCharacters(in: .whitespacesAndNewlines)
            if model.isEmpty { return usage("/ask needs a model and a message") }
            if text.isEmpty { return usage("/ask needs a message after the model") }
            return .success(.ask(model: model, text: text))
        case "debate", "chorus":
            let (list, text) = splitList(rest)
            let minimum = name == "debate" ? 2 : 1
            let noun = name == "debate" ? "models" : "artists"
            if list.count < minimum {
                return usage("/\(name) needs at least \(minimum == 2 ? "two" : "one") \(noun), separated by commas")
            }
            if let duplicate = list.first(where: { item in list.filter { $0 == item }.count > 1 }) {
                return usage("'\(duplicate)' is listed twice")
            }
            if text.isEmpty { return usage("/\(name) needs a message after the \(noun)") }
            return .success(name == "debate" ? .debate(models: list, text: text) : .chorus(artists: list, text: text))
        case "team":
            return rest.isEmpty ? usage("/team needs a message") : .success(.team(text: rest))
        case "search":
            return rest.isEmpty ? usage("/search needs something to look for") : .success(.search(query: rest))
        case "assign":
            return parseAssign(rest, roles: roles, usage: usage)
        case "theme":
            return rest.isEmpty ? usage("/theme needs a theme name") : .success(.theme(name: rest))
        case "new": return .success(.newSession(title: rest.isEmpty ? nil : rest))
        case "rename": return rest.isEmpty ? usage("/rename needs the new title") : .success(.rename(title: rest))
        case "delete": return .success(.delete)
        case "sessions": return .success(.sessions)
        case "settings": return .success(.settings)
        case "help": return .success(.help)
        case "cancel": return .success(.cancel)
        case "quit", "exit": return .success(.quit)
        default:
            let known = catalog.map { "/" + $0.name }.joined(separator: " ")
            let shown = name.isEmpty ? "/" : "/" + String(name.prefix(24))
            return .failure(SlashCommandError(message: "unknown command \(shown) — commands: \(known) (type //text to send text that starts with /)"))
        }
    }

    /// `a, b,c rest of text` → (["a", "b", "c"], "rest of text"): the list ends at the first
    /// space that neither follows nor precedes a comma.
    static func splitList(_ text: String) -> ([String], String) {
        var listEnd = text.startIndex
        var index = text.startIndex
        while index < text.endIndex {
            if text[index].isWhitespace {
                let before = text[..<index].last { !$0.isWhitespace }
                let after = text[index...].first { !$0.isWhitespace }
                if before != "," && after != "," { break }
            }
            index = text.index(after: index)
            listEnd = index
        }
        let list = text[..<listEnd].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return (list, text[listEnd...].trimmingCharacters(in: .whitespacesAndNewlines))
    }

    private static func parseAssign(_ rest: String, roles: [String],
                                    usage: (String) -> Result<SlashCommand, SlashCommandError>) -> Result<SlashCommand, SlashCommandError> {
        let parts: [String]
        if rest.contains("=") {
            parts = rest.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        } else {
            parts = rest.split(separator: " ", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        }
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return usage("/assign needs a role and a model") }
        guard let role = roles.first(where: { $0.lowercased() == parts[0].lowercased() }) else {
            return usage("unknown role '\(parts[0].prefix(24))' (roles: \(roles.joined(separator: ", ")))")
        }
        return .success(.assign(role: role, model: parts[1]))
    }
}

/// Why a slash command was refused: one line saying what is wrong and the usage. A plain value.
public struct SlashCommandError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
