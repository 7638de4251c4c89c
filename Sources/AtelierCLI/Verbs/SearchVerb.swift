import Core
import Foundation
import Store

/// `atelier search TEXT`: full-text search over every finished message.
public struct SearchVerb: Verb {
    public init() {}
    public let name = "search"
    public let summary = "search every stored message (full text)"
    public let help = """
    Usage: atelier search [--limit N] [--json] TEXT...

    Finds messages containing the words (diacritics ignored; Chinese, Japanese and Korean
    text matched as substrings). Prints the session, the speaker and a snippet with the
    match in [brackets]. Messages still streaming are found once they finish.

    Options:
      --limit N   at most N hits (default 20)
      --json      one JSON object per hit

    """

    public func run(_ arguments: [String], context: CLIContext) async throws -> ExitCode {
        let args = try ArgumentList(arguments, spec: .init(flags: [["--json"]], options: [["--limit"]]), verb: name)
        let text = args.positionals.joined(separator: " ").trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { throw CLIError.usage("give the text to search for", verb: name) }
        let limit = try SessionsVerb.number(args.value("--limit"), default: 20, option: "--limit")
        let config = try context.loadConfig()
        let hits = try await context.withStore(config) { try await $0.search(text, limit: limit) }
        for hit in hits {
            if args.has("--json") {
                context.streams.out(JSONLines().line(hit))
            } else {
                let title = MessageFormatter.oneLine(hit.sessionTitle, limit: 40)
                context.streams.outUntrusted("#\(hit.sessionID) \(title) · \(hit.speaker): "
                    + MessageFormatter.oneLine(hit.snippet, limit: 200) + "\n")
            }
        }
        if hits.isEmpty && !args.has("--json") { context.streams.err("No match.\n") }
        return .success
    }
}
