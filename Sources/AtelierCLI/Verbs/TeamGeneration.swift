import Comfy
import Core
import Engine
import Foundation
import Store

/// `atelier team --generate`: once the session is `ready`, renders its current spec through
/// the `GenerationService`. The prompt pipeline keeps its two steps apart: the team's
/// conversation was the interception (the request is stored as the idea, Pixel's prompt as
/// the interception), then the workflow's `optimization_instruction` rewrites Pixel's prompt
/// with Pixel's model (a turn of the session, speaker `prompt pipeline`); a workflow without
/// one sends Pixel's prompt as it is. The generation is recorded before ComfyUI is asked;
/// when ComfyUI cannot be reached (within `--wait`) it stays `queued`, the verb says how to
/// send it later and exits with the generation exit code (4 unreachable). Otherwise the job
/// is followed like `atelier generate` (progress on standard error, saved paths on standard
/// output, `--json` event lines). Made and run on the verb's task.
struct TeamGeneration {
    let context: CLIContext
    let config: ResolvedConfig
    let store: Store
    let directory: any ModelDirectory
    let json: Bool
    /// Seconds to wait for an unreachable ComfyUI before leaving the generation queued.
    let wait: Double

    static let verb = "team"

    func run(_ session: TeamSession) async throws -> ExitCode {
        let record = await session.currentRecord
        let current = await session.specVersions.last { $0.version == record.currentSpecVersion }
        guard record.status == .ready, let version = current else {
            throw CLIError("team session \(session.sessionID) has no approved spec to generate", code: .failure)
        }
        let service = GenerationWiring.service(config, store: store, waitSeconds: wait)
        let rewriter = ModelPromptRewriter(runner: TurnRunner(store: store, directory: directory),
                                           model: record.models[.pixel] ?? config.defaultModel, sessionID: session.sessionID)
        let plan = PromptPlan(optimize: true, rewrite: rewriter.closure)
        let interrupt = GenerationInterrupt()
        let trap = SignalTrap { _ in interrupt.fire() }
        defer { trap.cancel() }
        let work = Task<ExitCode, Error> {
            let details: GenerationDetails
            do {
                details = try await service.prepare(spec: version.spec, sessionID: session.sessionID,
                                                    sourceID: version.messageID, idea: record.request, plan: plan)
            } catch let error as GenerationServiceError {
                throw GenerationExitCodes.cliError(error, verb: Self.verb)
            }
            announce(details, version: version)
            if let failure = await reach(service) {
                return try await leaveQueued(details.generation.id, failure: failure)
            }
            let handle = try await service.send(generationID: details.generation.id)
            interrupt.watch(handle)
            let code = await GenerationConsole.follow(handle, context: context, json: json, verb: Self.verb, trapSignals: false)
            if code == .success && !json {
                context.streams.out("Generation \(handle.generationID) is saved; see `atelier generations show \(handle.generationID)`.\n")
            }
            return code
        }
        interrupt.watch(work)
        do {
            return try await work.value
        } catch {
            if interrupt.fired { return .interrupted }
            throw error
        }
    }

    /// The line saying what is rendered: the generation id, the spec version, the workflow,
    /// and the prompt sent when the optimization changed it.
    private func announce(_ details: GenerationDetails, version: TeamSpecVersion) {
        guard !json else { return }
        let row = details.generation
        context.streams.out("\n== generation \(row.id): spec v\(version.version) with workflow \(row.workflowID) ==\n")
        if let interception = details.interception, interception != row.positive {
            context.streams.outUntrusted("optimized prompt: \(MessageFormatter.oneLine(row.positive, limit: 600))\n")
        }
    }

    /// Nil when ComfyUI answers (within `wait`), else why not.
    private func reach(_ service: GenerationService) async -> ComfyError? {
        let options = service.runner.options
        do {
            try await service.runner.client.waitUntilReachable(backoff: options.backoff, maxAttempts: options.maxServerWaitAttempts)
            return nil
        } catch {
            return error
        }
    }

    /// ComfyUI did not answer: the generation waits `queued` and the person learns how to
    /// send it; the exit code is the failure's.
    private func leaveQueued(_ id: Int64, failure: ComfyError) async throws -> ExitCode {
        let row = try await store.requeueGeneration(id: id)
        let code = GenerationExitCodes.code(for: failure)
        let hint = "generation \(id) stays queued; send it once ComfyUI runs: atelier generations send \(id)"
        if json {
            for update in [GenerationUpdate.stored(row), .notice(hint)] {
                if let line = GenerationEventLine.make(update, generationID: id) { context.streams.out(JSONLines().line(line)) }
            }
            var end = GenerationEventLine("finished", id)
            end.status = row.status.rawValue
            end.error = failure.message
            end.errorKind = String(describing: failure.kind)
            end.exitCode = code.rawValue
            context.streams.out(JSONLines().line(end))
        }
        context.streams.errUntrusted("atelier \(Self.verb): \(failure.message)\n")
        context.streams.err("atelier \(Self.verb): \(hint)\n")
        return code
    }
}
