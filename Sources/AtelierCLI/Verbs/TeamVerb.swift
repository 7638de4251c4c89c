import Core
import Engine
import Foundation
import Store

/// `atelier team`: the five specialists plan one image with the person, live. Prints the
/// speaker-labelled transcript as it streams (or `--json` events); every line typed on
/// standard input meanwhile is an interjection (or the reply the team waits for). Exits 0 at
/// `ready` with the approved spec; `--continue ID` takes a stored session up again.
public struct TeamVerb: Verb {
    public init() {}
    public let name = "team"
    public let summary = "the five specialists plan an image with you, live"
    public let help = """
    Usage: atelier team [-m MODEL] [--role ROLE=MODEL ...] [--generate [--wait SECONDS]] [--json] PROMPT...
           atelier team --continue ID [--generate [--wait SECONDS]] [--json] [ANSWER...]

    Luna (style), Frame (composition) and Saga (story) give their takes and refine them
    until they agree; Pixel writes the generation spec and Lens reviews it. The transcript
    streams to standard output, one header line per speaker, with the phases and the
    engine's notes inline. Everything is saved as it happens (see `atelier runs show`).

    While the team talks, every line you type on standard input is an interjection: it is
    saved at once and answered at the next turn. When the team asks you something
    (clarifying questions, or a choice among options when they do not agree), the next
    line is your answer; if standard input is closed, atelier exits with the command that
    continues the session.

    At `ready` it prints the approved spec as a JSON block and the session id, and exits 0.

    Options:
      -m, --model MODEL     the model of every specialist (default: the config's "roles",
                            then "default_model")
      --role ROLE=MODEL     one specialist's model (luna, frame, saga, pixel, lens);
                            repeat for several; wins over -m
      --continue ID         take team session ID up again: ANSWER (or the next line of
                            standard input) answers its questions or chooses an option;
                            after `ready` it asks for a change (a new spec version); a
                            failed or interrupted session resumes where it stopped
      --generate            at `ready`, render the spec with ComfyUI (COMFYUI_URL, else
                            "comfyui_url", else http://127.0.0.1:8188): Pixel's prompt is
                            rewritten with the workflow's optimization instruction (Pixel's
                            model), the job's progress goes to standard error and each saved
                            file's path to standard output, as with `atelier generate`
      --wait SECONDS        with --generate, how long to wait for an unreachable ComfyUI
                            (default 0); the generation then stays queued (send it later with
                            `atelier generations send ID`) and the exit code is 4
      --json                one JSON event per line (type and fields), then an `end` line
                            (and with --generate, the generation's events)

    Exit codes: 0 ready (and with --generate, saved); 1 the team waits for your answer and
    standard input is closed (or the session failed); 3 an unknown model; 130 interrupted
    (Ctrl-C cancels the session and keeps what was said). With --generate, once the team is
    ready, the codes of `atelier generate`: 4 ComfyUI unreachable (the generation stays
    queued), 5 ComfyUI refused the workflow, 3 a missing model, 1 the job failed.

    """

    static let spec = ArgumentList.Spec(flags: [["--json"], ["--generate"]],
                                        options: [["-m", "--model"], ["--role"], ["--continue"], ["--wait"]])

    public func run(_ arguments: [String], context: CLIContext) async throws -> ExitCode {
        let args = try ArgumentList(arguments, spec: Self.spec, verb: name)
        let continued = try args.value("--continue").map { try VerbArguments.id($0, what: "--continue", verb: name) }
        let text = args.positionals.joined(separator: " ")
        if continued == nil && args.positionals.isEmpty {
            throw CLIError.usage("give a prompt (what the image should be)", verb: name)
        }
        if continued != nil && (args.value("-m") != nil || !args.values("--role").isEmpty) {
            throw CLIError.usage("-m and --role choose the models of a new session; a continued one keeps its own", verb: name)
        }
        let generate = args.has("--generate")
        let wait = try GenerateVerb.seconds(args.value("--wait"), verb: name) ?? 0
        if args.value("--wait") != nil && !generate {
            throw CLIError.usage("--wait goes with --generate", verb: name)
        }
        let config = try context.loadConfig()
        let catalog = ModelCatalog(config: config, credentials: context.credentials(for: config))
        let configuration: TeamConfiguration
        let overrides: [TeamRole: ModelRef]
        do {
            let model = try args.value("-m").map { try catalog.resolve(text: $0) }
            overrides = try Self.roleOverrides(args.values("--role"), catalog: catalog)
            configuration = TeamConfiguration(
                defaultModel: model ?? config.defaultModel,
                roleModels: model == nil ? TeamConfiguration.roleModels(fromConfig: config.roles) : [:])
            if continued == nil {
                for ref in Set(configuration.models(overriding: overrides).values) { _ = try catalog.resolve(ref) }
            }
        } catch let error as CLIError {
            throw error
        } catch {
            throw CLIErrorMapper.map(error)
        }
        let json = args.has("--json")
        return try await context.withRunStore(config) { store in
            let session: TeamSession
            let kickoff: TeamLive.Kickoff
            if let continued {
                session = try await TeamSession.open(sessionID: continued, store: store, directory: catalog,
                                                     configuration: configuration)
                kickoff = .continuing(text.trimmingCharacters(in: .whitespacesAndNewlines))
            } else {
                session = try await TeamSession.create(store: store, directory: catalog, configuration: configuration,
                                                       models: overrides, title: Self.title(text))
                kickoff = .start(text)
            }
            let printer = TeamPrinter(streams: context.streams, json: json, sessionID: session.sessionID)
            let code = try await TeamLive(session: session, printer: printer, context: context).run(kickoff)
            guard generate && code == .success else { return code }
            return try await TeamGeneration(context: context, config: config, store: store, directory: catalog, json: json,
                                            wait: wait).run(session)
        }
    }

    /// `luna=ollama:llama3.2` values as role → model; unknown roles and models are refused.
    static func roleOverrides(_ values: [String], catalog: ModelCatalog) throws -> [TeamRole: ModelRef] {
        var models: [TeamRole: ModelRef] = [:]
        for value in values {
            guard let equals = value.firstIndex(of: "=") else {
                throw CLIError.usage("--role takes ROLE=MODEL, e.g. --role luna=ollama:llama3.2", verb: "team")
            }
            let name = value[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            guard let role = TeamRole(rawValue: name) else {
                let known = TeamRole.allCases.map(\.rawValue).joined(separator: ", ")
                throw CLIError.usage("unknown role '\(name.prefix(40))' (roles: \(known))", verb: "team")
            }
            models[role] = try catalog.resolve(text: String(value[value.index(after: equals)...]))
        }
        return models
    }

    /// The session title: the request on one line, or a plain name for an empty one.
    static func title(_ text: String) -> String {
        let line = MessageFormatter.oneLine(text.trimmingCharacters(in: .whitespacesAndNewlines), limit: 80)
        return line.isEmpty ? "Team session" : line
    }
}
