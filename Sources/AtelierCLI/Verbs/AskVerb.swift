import Core
import Engine
import Foundation
import Store

/// `atelier ask`: streams one answer to standard output as it arrives and saves the
/// exchange (a new `chat` session) with tokens, latency and cost.
public struct AskVerb: Verb {
    public init() {}
    public let name = "ask"
    public let summary = "ask one model; the answer streams to stdout and is saved"
    public let help = """
    Usage: atelier ask [-m MODEL] [--system TEXT] [--json] PROMPT...
           echo PROMPT | atelier ask [-m MODEL]

    Streams one answer to standard output as it arrives and saves the exchange as a new
    session (see `atelier sessions show ID`). Without PROMPT, the prompt is read from
    standard input.

    Options:
      -m, --model MODEL   provider:model, e.g. ollama:llama3.2, openai:gpt-4o-mini,
                          anthropic:claude-sonnet-4-5, local:gemma-3-270m
                          (default: "default_model" in config.json, else local:gemma-3-270m)
      -s, --system TEXT   a system prompt
      --max-tokens N      the longest answer, in tokens (default: the model's
                          maximum output from the registry, when it is known)
      --json              one JSON event per line: start, delta, reasoning, done or error

    On a terminal, model text is shown inert (escape and control sequences made visible);
    piped, it is written byte-exact. Ctrl-C stops the answer, keeps the partial text
    (marked interrupted) and exits with 130.

    """

    static let spec = ArgumentList.Spec(flags: [["--json"]],
                                        options: [["-m", "--model"], ["-s", "--system"], ["--max-tokens"]])

    public func run(_ arguments: [String], context: CLIContext) async throws -> ExitCode {
        let args = try ArgumentList(arguments, spec: Self.spec, verb: name)
        let prompt = try Self.prompt(args.positionals)
        let config = try context.loadConfig()
        let catalog = ModelCatalog(config: config, credentials: context.credentials(for: config))
        let model: ModelRef
        let info: ModelInfo
        do {
            model = try args.value("-m").map { try catalog.resolve(text: $0) } ?? config.defaultModel
            info = try catalog.resolve(model).info
        } catch {
            throw CLIErrorMapper.map(error)
        }
        var maxTokens = info.maxOutput
        if let text = args.value("--max-tokens") {
            guard let value = Int(text), value > 0 else { throw CLIError.usage("--max-tokens takes a positive number", verb: name) }
            maxTokens = value
        }
        let json = args.has("--json")
        let system = args.value("-s")
        return try await context.withStore(config) { store in
            let session = try await store.createSession(kind: .chat, title: MessageFormatter.oneLine(prompt, limit: 80))
            var messages: [ChatMessage] = []
            if let system {
                _ = try await store.insertMessage(sessionID: session.id, role: .system, speaker: "system", content: system)
                messages.append(.system(system))
            }
            _ = try await store.insertMessage(sessionID: session.id, role: .user, speaker: "you", content: prompt)
            messages.append(.user(prompt))
            let request = TurnRequest(sessionID: session.id, speaker: model.description, model: model,
                                      messages: messages, maxTokens: maxTokens)
            let printer = AskPrinter(streams: context.streams, json: json, sessionID: session.id)
            let runner = TurnRunner(store: store, directory: catalog)
            let turn = Task { try await runner.run(request) { printer.handle($0) } }
            let trap = SignalTrap { _ in turn.cancel() }
            defer { trap.cancel() }
            let outcome = try await turn.value
            printer.end(outcome)
            guard let error = outcome.error else { return .success }
            if error.kind == .cancelled { return .interrupted }
            if !json { context.streams.errUntrusted("atelier ask: \(context.redact(error.description))\n") }
            return CLIErrorMapper.code(for: error.kind)
        }
    }

    /// The prompt from the arguments, or from standard input when none is given (or `-`).
    static func prompt(_ positionals: [String]) throws -> String {
        var text = positionals.joined(separator: " ")
        if positionals.isEmpty || positionals == ["-"] {
            guard isatty(0) == 0 else {
                throw CLIError.usage("give a prompt (or pipe one on standard input)", verb: "ask")
            }
            let data = FileHandle.standardInput.readDataToEndOfFile()
            text = String(decoding: data, as: UTF8.self)
        }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw CLIError.usage("the prompt is empty", verb: "ask") }
        return trimmed
    }
}
