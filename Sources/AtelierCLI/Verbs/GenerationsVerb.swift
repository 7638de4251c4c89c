import Comfy
import Core
import Engine
import Foundation
import Store

/// `atelier generations list|show|edit|send|resume`: the recorded generations, one in full
/// with its files, changing the prompt of one that is not out for rendering, sending a
/// pending (or failed, or cancelled) one to ComfyUI, and picking up one an Atelier that
/// stopped left running or queued (list and show point at those).
public struct GenerationsVerb: Verb {
    public init() {}
    public let name = "generations"
    public let summary = "list recorded generations, show one with its files, edit, send or resume one"
    public let help = """
    Usage: atelier generations list [--limit N] [--offset N] [--json]
           atelier generations show ID [--json]
           atelier generations edit ID [--prompt TEXT] [--negative TEXT] [--json]
           atelier generations send ID [--wait SECONDS] [--json]
           atelier generations resume ID [--wait SECONDS] [--json]

    list   newest first: id, status, workflow, time, session, prompt (default 20)
    show   every field: prompts (idea, interception, the prompt sent), parameters, ComfyUI
           prompt id, attempts, times, notes, error, and each saved file with its size and SHA-256
    edit   change the prompt or negative prompt of a pending, failed or cancelled generation
    send   send a pending generation (e.g. from `generate --no-send` or the chorus), or a failed
           or cancelled one again; progress and exit codes as for `atelier generate`
    resume pick up a generation left running or queued by an Atelier that stopped: ComfyUI is
           asked about its prompt id; finished: the files are saved and it is marked complete;
           still queued or running: followed with progress as `atelier generate` does (Ctrl-C
           stops the job); unknown to ComfyUI: marked failed. One never sent is sent now.
           Refused while another atelier process follows the generation

    Options:
      --limit N          how many to list (default 20)
      --offset N         skip the first N
      --prompt TEXT      the new prompt (edit)
      --negative TEXT    the new negative prompt (edit)
      --wait SECONDS     how long to wait for an unreachable ComfyUI (send, resume; default 0)
      --json             one JSON object per line (records; send: events)

    """

    static let spec = ArgumentList.Spec(flags: [["--json"]],
                                        options: [["--limit"], ["--offset"], ["--prompt"], ["--negative"], ["--wait"]])

    public func run(_ arguments: [String], context: CLIContext) async throws -> ExitCode {
        let args = try ArgumentList(arguments, spec: Self.spec, verb: name)
        guard let sub = args.positionals.first else {
            throw CLIError.usage("say `list`, `show ID`, `edit ID`, `send ID` or `resume ID`", verb: name)
        }
        guard ["list", "show", "edit", "send", "resume"].contains(sub) else {
            throw CLIError.usage("unknown subcommand '\(sub.prefix(40))'", verb: name)
        }
        let config = try context.loadConfig()
        let json = args.has("--json")
        return try await context.withStore(config) { store in
            if sub == "list" {
                guard args.positionals.count == 1 else { throw CLIError.usage("`list` takes no arguments", verb: name) }
                let limit = try SessionsVerb.number(args.value("--limit"), default: 20, option: "--limit")
                let offset = try SessionsVerb.number(args.value("--offset"), default: 0, option: "--offset")
                let rows = try await store.generations(limit: limit, offset: offset)
                for row in rows {
                    if json { context.streams.out(JSONLines().line(row)) } else { context.streams.outUntrusted(GenerationFormatter.line(row) + "\n") }
                }
                if rows.isEmpty && !json { context.streams.err("No generations yet: try `atelier generate -w probe-modelfree`.\n") }
                if !json { Self.hintResumable(rows, config: config, context: context) }
                return .success
            }
            guard args.positionals.count == 2, let id = Int64(args.positionals[1]) else {
                throw CLIError.usage("`\(sub)` needs one generation number", verb: name)
            }
            guard let details = try await store.generationDetails(id: id) else {
                throw CLIError("no generation #\(id) (see `atelier generations list`)", code: .failure)
            }
            switch sub {
            case "show":
                if json {
                    context.streams.out(JSONLines().line(details))
                } else {
                    context.streams.outUntrusted(GenerationFormatter.details(details))
                    Self.hintResumable([details.generation], config: config, context: context)
                }
                return .success
            case "edit":
                return try await edit(id, args: args, config: config, store: store, context: context)
            case "resume":
                return try await resume(id, args: args, config: config, store: store, context: context)
            default:
                return try await send(id, args: args, config: config, store: store, context: context)
            }
        }
    }

    private func edit(_ id: Int64, args: ArgumentList, config: ResolvedConfig, store: Store, context: CLIContext) async throws -> ExitCode {
        let prompt = args.value("--prompt")
        let negative = args.value("--negative")
        guard prompt != nil || negative != nil else { throw CLIError.usage("`edit` needs --prompt or --negative", verb: name) }
        let service = GenerationWiring.service(config, store: store, waitSeconds: 0)
        do {
            try await service.edit(generationID: id, prompt: prompt, negative: negative)
        } catch let error as GenerationServiceError {
            throw GenerationExitCodes.cliError(error, verb: name)
        }
        guard let details = try await store.generationDetails(id: id) else { return .failure }
        if args.has("--json") { context.streams.out(JSONLines().line(details)) } else { context.streams.outUntrusted(GenerationFormatter.details(details)) }
        return .success
    }

    private func send(_ id: Int64, args: ArgumentList, config: ResolvedConfig, store: Store, context: CLIContext) async throws -> ExitCode {
        try await follow(args: args, config: config, store: store, context: context) { try await $0.send(generationID: id) }
    }

    private func resume(_ id: Int64, args: ArgumentList, config: ResolvedConfig, store: Store, context: CLIContext) async throws -> ExitCode {
        try await follow(args: args, config: config, store: store, context: context) { try await $0.resume(generationID: id) }
    }

    /// Starts a job with `start` on a service wired from the configuration (`--wait` honoured)
    /// and follows it on the console as `generate` does.
    private func follow(args: ArgumentList, config: ResolvedConfig, store: Store, context: CLIContext,
                        _ start: (GenerationService) async throws -> GenerationHandle) async throws -> ExitCode {
        let wait = try GenerateVerb.seconds(args.value("--wait"), verb: name) ?? 0
        let service = GenerationWiring.service(config, store: store, waitSeconds: wait)
        let handle: GenerationHandle
        do {
            handle = try await start(service)
        } catch let error as GenerationServiceError {
            throw GenerationExitCodes.cliError(error, verb: name)
        }
        return await GenerationConsole.follow(handle, context: context, json: args.has("--json"), verb: name)
    }

    /// Points at the rows left `running` or `queued` that no live process follows: an
    /// Atelier that stopped left them, and `resume` picks them up. One line on standard error.
    static func hintResumable(_ rows: [StoredGeneration], config: ResolvedConfig, context: CLIContext) {
        let open = rows.filter { $0.status == .running || $0.status == .queued }
        guard !open.isEmpty else { return }
        let followed = open.filter { GenerationService.isFollowed($0, dataDirectory: config.paths.dataDirectory) }
        let left = open.filter { row in !followed.contains { $0.id == row.id } }
        if left.count == 1, let row = left.first {
            context.streams.err("#\(row.id) is left \(row.status.rawValue) and no atelier process follows it: "
                + "`atelier generations resume \(row.id)` asks ComfyUI about it and picks it up.\n")
        } else if !left.isEmpty {
            let ids = left.prefix(5).map { "#\($0.id)" }.joined(separator: ", ") + (left.count > 5 ? ", …" : "")
            context.streams.err("\(ids) are left running or queued and no atelier process follows them: "
                + "`atelier generations resume ID` asks ComfyUI about one and picks it up.\n")
        }
        if followed.count == 1, rows.count == 1, let row = followed.first {
            context.streams.err("Generation \(row.id) is being followed by another atelier process.\n")
        }
    }
}
