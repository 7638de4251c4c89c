import Core
import Engine
import Foundation
import Store

/// `atelier runs list|show`: prints stored runs — multi-model debates, chorus groups and
/// team sessions — with their stages, reloaded from the database.
public struct RunsVerb: Verb {
    public init() {}
    public let name = "runs"
    public let summary = "list stored debates, chorus groups and team sessions, or show one"
    public let help = """
    Usage: atelier runs list [--limit N] [--json]
           atelier runs show ID [--threads] [--json]

    list   newest first, one line per run: id, kind (debate, chorus, team), status, when,
           how far it got (models or artists that answered and failed, or the team's
           phase and spec version), cost, and the prompt
    show   one run with its stages: a debate's models (initial → debate → complete or
           error), synthesis and summary; a chorus group's prompt version, brush, runs
           (statement, image prompt, figures) and statistics; a team session's phases,
           spec versions and transcript

    ID is a run number (debates and chorus groups share them) or team:N for team session
    N; a number that names no run is taken as a team session.

    Options:
      --limit N   how many runs to list (default 20)
      --threads   for a debate, also each model's thread (prompt and answer per stage),
                  read from the database only when asked for
      --json      one JSON object per line

    """

    static let spec = ArgumentList.Spec(flags: [["--json"], ["--threads"]], options: [["--limit"]])

    public func run(_ arguments: [String], context: CLIContext) async throws -> ExitCode {
        let args = try ArgumentList(arguments, spec: Self.spec, verb: name)
        guard let sub = args.positionals.first else {
            throw CLIError.usage("say `list` or `show ID`", verb: name)
        }
        let json = args.has("--json")
        switch sub {
        case "list":
            guard args.positionals.count == 1 else { throw CLIError.usage("`list` takes no arguments", verb: name) }
            guard !args.has("--threads") else { throw CLIError.usage("--threads goes with `show`", verb: name) }
            let limit = try VerbArguments.number(args.value("--limit"), default: 20, minimum: 1, option: "--limit", verb: name)
            let config = try context.loadConfig()
            return try await context.withRunStore(config) { store in
                let items = try await RunsListing.load(store: store, limit: limit)
                RunsListing.print(items, json: json, streams: context.streams)
                return .success
            }
        case "show":
            guard args.positionals.count == 2 else { throw CLIError.usage("`show` needs one run id", verb: name) }
            guard args.value("--limit") == nil else { throw CLIError.usage("--limit goes with `list`", verb: name) }
            let target = try Self.target(args.positionals[1])
            let config = try context.loadConfig()
            return try await context.withRunStore(config) { store in
                let show = RunsShow(store: store, streams: context.streams, json: json, threads: args.has("--threads"))
                try await show.run(target)
                return .success
            }
        default:
            throw CLIError.usage("unknown subcommand '\(sub.prefix(40))'", verb: name)
        }
    }

    /// `7` (a run, else a team session) or `team:12` / `t12` (a team session).
    static func target(_ text: String) throws -> RunsShow.Target {
        let lowered = text.lowercased()
        for prefix in ["team:", "team", "t"] where lowered.hasPrefix(prefix) {
            if let id = Int64(lowered.dropFirst(prefix.count)), id > 0 { return .team(id) }
        }
        guard let id = Int64(text), id > 0 else {
            throw CLIError.usage("a run id is a number, or team:N for a team session", verb: "runs")
        }
        return .any(id)
    }
}
