import Core
import Engine
import Foundation
import Store

/// `atelier debate`: one prompt to two or more models in parallel; each sees the others'
/// first answers (anonymised) and may revise; the master streams a synthesis. Prints each
/// model's status as it changes, the synthesis as it streams, then the run summary (or
/// `--json` events). One failing model does not fail the command; all failing does.
public struct DebateVerb: Verb {
    public init() {}
    public let name = "debate"
    public let summary = "several models answer, debate and a master synthesises"
    public let help = """
    Usage: atelier debate -m MODEL,MODEL[,...] [--master MODEL] [--json] PROMPT...

    Sends PROMPT to every model at once. Each model goes initial → debate (it reads the
    others' first answers as Response A, B, ... and may revise) → complete, or error. When
    all are done, the master model streams a synthesis while a narrative run summary (who
    agreed, who differed and why) is written beside it. Everything is saved; each model's
    thread can be read later with `atelier runs show ID --threads`.

    Prints one status line per model whenever it changes ([A] fake:m1  initial → debate),
    the synthesis as it streams, then the run summary and each model's tokens, time and
    cost. A model that fails shows `✗ error` with the reason; the others go on.

    Options:
      -m, --models A,B,...  two or more models (provider:model), comma-separated or repeated;
                            the same model may appear twice
      --master MODEL        writes the synthesis and the summary (default: the first model)
      --json                one JSON event per line: started, entry, model_*, synthesis_*,
                            summary_*, run, finished

    Exit codes: 0 when the synthesis was written (even if some models failed); the code of
    the failure when every model failed or the synthesis failed; 3 an unknown model; 130
    interrupted (Ctrl-C stops every call and keeps the partial answers).

    """

    static let spec = ArgumentList.Spec(flags: [["--json"]], options: [["-m", "--models", "--model"], ["--master"]])

    public func run(_ arguments: [String], context: CLIContext) async throws -> ExitCode {
        let args = try ArgumentList(arguments, spec: Self.spec, verb: name)
        let names = VerbArguments.commaList(args.values("-m"))
        guard names.count >= 2 else {
            throw CLIError.usage("a debate needs at least two models: -m A,B", verb: name)
        }
        let prompt = try VerbArguments.prompt(args.positionals, verb: name)
        let config = try context.loadConfig()
        let catalog = ModelCatalog(config: config, credentials: context.credentials(for: config))
        let models: [ModelRef]
        let master: ModelRef?
        do {
            models = try names.map { try catalog.resolve(text: $0) }
            master = try args.value("--master").map { try catalog.resolve(text: $0) }
            for ref in Set(models + [master].compactMap { $0 }) { _ = try catalog.resolve(ref) }
        } catch {
            throw CLIErrorMapper.map(error)
        }
        let json = args.has("--json")
        return try await context.withRunStore(config) { store in
            let run = try await MultiModelRun.start(DebateRequest(prompt: prompt, models: models, master: master),
                                                    store: store, directory: catalog)
            let printer = DebatePrinter(streams: context.streams, json: json, runID: run.runID, sessionID: run.sessionID)
            let trap = SignalTrap { _ in run.cancel() }
            defer { trap.cancel() }
            for await event in run.events { printer.show(event) }
            let detail = try await run.result()
            printer.end(detail)
            return try Self.exitCode(detail, printer: printer)
        }
    }

    /// 0 for a written synthesis; otherwise the failure, as a `CLIError` with its code.
    static func exitCode(_ detail: DebateRunDetail, printer: DebatePrinter) throws -> ExitCode {
        switch detail.run.status {
        case .complete:
            return .success
        case .cancelled:
            return .interrupted
        case .failed, .interrupted, .running, .synthesizing:
            let everyModelFailed = detail.entries.allSatisfy { $0.status == .error }
            if everyModelFailed {
                let first = detail.entries.first?.error ?? "no answer"
                throw CLIError("every model failed (first: \(first))", code: printer.modelFailureCode)
            }
            throw CLIError(detail.run.error ?? "the run \(detail.run.status.rawValue)", code: printer.synthesisFailureCode)
        }
    }
}
