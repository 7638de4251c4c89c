import Core
import Foundation
import Store

/// `atelier sessions list|show ID`: prints stored sessions and their messages.
public struct SessionsVerb: Verb {
    public init() {}
    public let name = "sessions"
    public let summary = "list stored sessions, or show one with its messages"
    public let help = """
    Usage: atelier sessions list [--limit N] [--offset N] [--json]
           atelier sessions show ID [--json]

    list   newest activity first, one line per session (default 20); each debating
           model's own thread is not listed (see `atelier runs show ID --threads`)
    show   every message of a session, oldest first, with speaker, model, status,
           tokens, latency and cost

    Options:
      --limit N   how many sessions to list (default 20)
      --offset N  skip the first N sessions
      --json      one JSON object per line (sessions; then messages for `show`)

    """

    static let spec = ArgumentList.Spec(flags: [["--json"]], options: [["--limit"], ["--offset"]])

    public func run(_ arguments: [String], context: CLIContext) async throws -> ExitCode {
        let args = try ArgumentList(arguments, spec: Self.spec, verb: name)
        guard let sub = args.positionals.first else {
            throw CLIError.usage("say `list` or `show ID`", verb: name)
        }
        let config = try context.loadConfig()
        return try await context.withStore(config) { store in
            try await run(sub, args, store: store, context: context)
        }
    }

    private func run(_ sub: String, _ args: ArgumentList, store: Store, context: CLIContext) async throws -> ExitCode {
        let json = args.has("--json")
        switch sub {
        case "list":
            guard args.positionals.count == 1 else { throw CLIError.usage("`list` takes no arguments", verb: name) }
            let limit = try Self.number(args.value("--limit"), default: 20, option: "--limit")
            let offset = try Self.number(args.value("--offset"), default: 0, option: "--offset")
            let sessions = try await store.topLevelSessions(limit: limit, offset: offset)
            for session in sessions {
                if json {
                    context.streams.out(JSONLines().line(session))
                } else {
                    context.streams.outUntrusted(MessageFormatter.sessionLine(session) + "\n")
                }
            }
            if sessions.isEmpty && !json { context.streams.err("No sessions yet: try `atelier ask \"hello\"`.\n") }
            return .success
        case "show":
            guard args.positionals.count == 2, let id = Int64(args.positionals[1]) else {
                throw CLIError.usage("`show` needs one session number", verb: name)
            }
            guard let session = try await store.session(id: id) else {
                throw CLIError("no session #\(id) (see `atelier sessions list`)", code: .failure)
            }
            try await Self.printSession(session, store: store, json: json, streams: context.streams)
            return .success
        default:
            throw CLIError.usage("unknown subcommand '\(sub.prefix(40))'", verb: name)
        }
    }

    /// Prints a session header and every message, paging through the store.
    static func printSession(_ session: Session, store: Store, json: Bool, streams: StandardStreams) async throws {
        if json {
            streams.out(JSONLines().line(session))
        } else {
            streams.outUntrusted(MessageFormatter.sessionLine(session) + "\n")
        }
        var pages: [[StoredMessage]] = []
        var before: Int64?
        while true {
            let page = try await store.messages(sessionID: session.id, limit: 500, beforeID: before)
            guard let first = page.first else { break }
            pages.append(page)
            before = first.id
            if page.count < 500 { break }
        }
        for message in pages.reversed().joined() {
            if json {
                streams.out(JSONLines().line(message))
            } else {
                streams.outUntrusted("\n" + MessageFormatter.messageHeader(message) + "\n")
                streams.outUntrusted(message.content + (message.content.hasSuffix("\n") ? "" : "\n"))
                if let error = message.error { streams.outUntrusted("(error: \(error))\n") }
            }
        }
    }

    static func number(_ text: String?, default value: Int, option: String) throws -> Int {
        guard let text else { return value }
        guard let number = Int(text), number >= 0 else {
            throw CLIError.usage("\(option) takes a whole number", verb: "sessions")
        }
        return number
    }
}
