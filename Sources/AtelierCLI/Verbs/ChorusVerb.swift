import Core
import Engine
import Foundation
import Store

/// `atelier chorus`: one prompt to several artists (models), each answering with an artist
/// statement and a final image prompt, painted with one fixed brush. Prints each run's
/// status, statement, image prompt, tokens, time and cost, then the group's statistics (or
/// `--json` events). Also `rerun`, `cancel`, `export` and `delete` of a stored group.
public struct ChorusVerb: Verb {
    let wiring: ChorusWiring

    public init(wiring: ChorusWiring = ChorusWiring()) {
        self.wiring = wiring
    }

    public let name = "chorus"
    public let summary = "several artists answer one prompt; compare their image prompts"
    public let help = """
    Usage: atelier chorus --artists A,B,... [--workflow ID] [--budget DOLLARS] [--version NAME]
                          [--json] PROMPT...
           atelier chorus rerun GROUP_ID [--json]
           atelier chorus cancel GROUP_ID
           atelier chorus export GROUP_ID
           atelier chorus delete GROUP_ID

    Sends PROMPT to every artist at once (a few at a time per provider). Each answers with
    an ===ARTIST STATEMENT=== and a ===FINAL IMAGE PROMPT===; the image prompt goes to the
    brush (the workflow, fixed for the whole group), which renders it with ComfyUI
    (COMFYUI_URL, else "comfyui_url", else http://127.0.0.1:8188). Prints each run's status
    as it changes, then its statement, image prompt, warnings, tokens, time and cost; then
    waits for every image and prints each artist's generation and saved files; then the
    group's statistics. Everything is saved (see `atelier runs show GROUP_ID`,
    `atelier generations show ID`). When ComfyUI does not answer, the artists still run and
    each image prompt is recorded as a queued generation (send it later with
    `atelier generations send ID`).

    Artists are slugs of the registry (gpt-4o-mini, claude-haiku, gemini-flash, llama,
    qwen, gemma-local, and any saved) or a provider:model made into an artist on the spot.

    Options:
      -a, --artists A,B,...  the artists, comma-separated or repeated
      --workflow ID          the brush's workflow template (default: \(ChorusWiring.defaultWorkflow))
      --budget DOLLARS       the most the group may spend: refused before the start when the
                             estimate (registry prices, each artist's maximum output) is
                             higher, and stopped while it runs when spending reaches it
      --version NAME         the prompt's version name (default: sha- and its SHA-256's first
                             8 hex digits)
      --json                 one JSON event per line: started, run, artist_*, retrying,
                             generation, stats, budget_stopped, cancelled, group, image,
                             finished

    Commands on a stored group:
      rerun GROUP_ID    run its failed (cancelled, budget-stopped, interrupted) artists again
      cancel GROUP_ID   stop it: a group running in another atelier is marked cancelled in
                        the database (its queued and generating runs end "cancelled")
      export GROUP_ID   the whole group as JSON on standard output (no secrets)
      delete GROUP_ID   delete it with its runs, messages, generations and their files

    Exit codes: 0 when at least one artist answered (a failed or queued image is reported,
    not an exit code); the failure's code when none did; 3 an over-budget estimate (with
    the estimate) or an unknown artist or model; 130 interrupted (Ctrl-C cancels the group,
    or the images still rendering).

    """

    static let spec = ArgumentList.Spec(flags: [["--json"]],
                                        options: [["-a", "--artists", "--artist"], ["--workflow"], ["--budget"], ["--version"]])
    static let commands: Set<String> = ["rerun", "cancel", "export", "delete"]

    public func run(_ arguments: [String], context: CLIContext) async throws -> ExitCode {
        let args = try ArgumentList(arguments, spec: Self.spec, verb: name)
        if let first = args.positionals.first, Self.commands.contains(first), args.values("-a").isEmpty {
            guard args.positionals.count == 2 else {
                throw CLIError.usage("`\(first)` takes one group id", verb: name)
            }
            guard args.value("--workflow") == nil, args.value("--budget") == nil, args.value("--version") == nil else {
                throw CLIError.usage("--workflow, --budget and --version apply to a new group", verb: name)
            }
            let id = try VerbArguments.id(args.positionals[1], what: "the group id", verb: name)
            return try await ChorusCommands(wiring: wiring, context: context, json: args.has("--json"))
                .run(first, groupID: id)
        }
        let names = VerbArguments.commaList(args.values("-a"))
        guard !names.isEmpty else { throw CLIError.usage("name the artists with --artists A,B,C", verb: name) }
        let prompt = try VerbArguments.prompt(args.positionals, verb: name)
        let budget = try args.value("--budget").map(Self.budget)
        let workflow = args.value("--workflow") ?? ChorusWiring.defaultWorkflow
        guard Artist.isValidSlug(workflow) else {
            throw CLIError.usage("--workflow takes a workflow id (a-z, 0-9, -, _ and .)", verb: name)
        }
        let version = args.value("--version")?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let version, version.isEmpty || version.count > 100 {
            throw CLIError.usage("--version takes a name of 1 to 100 characters", verb: name)
        }
        let config = try context.loadConfig()
        let catalog = ModelCatalog(config: config, credentials: context.credentials(for: config))
        let json = args.has("--json")
        return try await context.withRunStore(config) { store in
            let artists = try await ArtistRegistry.load(store: store, config: []).select(names)
            do {
                for artist in artists { _ = try catalog.resolve(artist.model) }
            } catch {
                throw CLIErrorMapper.map(error)
            }
            let mode = await ChorusCommands.headlessMode(config, context: context)
            let chorus = wiring.makeChorus(store: store, directory: catalog, config: config, mode: mode)
            let request = ChorusRequest(prompt: prompt, promptVersion: version, artists: artists,
                                        brush: ChorusWiring.brush(workflowID: workflow, prompt: prompt), budget: budget)
            let group: ChorusGroupRun
            do {
                group = try await chorus.start(request)
            } catch let error as ChorusError {
                if case .overBudget = error { Self.printEstimate(chorus.estimate(request), streams: context.streams) }
                throw error
            }
            let printer = ChorusPrinter(streams: context.streams, json: json, estimate: chorus.estimate(request))
            return try await ChorusCommands.follow(group, printer: printer,
                                                   images: ChorusCommands.images(chorus, store: store, context: context, json: json))
        }
    }

    /// Dollars: a finite number, zero or more (`0.05`, `$0.05`).
    static func budget(_ text: String) throws -> Double {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let digits = trimmed.hasPrefix("$") ? String(trimmed.dropFirst()) : trimmed
        guard let value = Double(digits), value.isFinite, value >= 0 else {
            throw CLIError.usage("--budget takes dollars, e.g. --budget 0.05", verb: "chorus")
        }
        return value
    }

    /// The per-artist estimate, on standard error, before an over-budget refusal.
    static func printEstimate(_ estimate: CostEstimate, streams: StandardStreams) {
        streams.err("atelier chorus: estimate, per artist (prompt tokens in, maximum tokens out):\n")
        for line in estimate.lines {
            let cost = line.cost.map(MessageFormatter.dollars) ?? "no price known"
            streams.errUntrusted("  \(line.slug): \(line.inputTokens) in + \(line.outputTokens) out → \(cost)\n")
        }
        streams.err("  total: \(MessageFormatter.dollars(estimate.total))\n")
    }
}
