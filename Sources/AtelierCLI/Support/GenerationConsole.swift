import Comfy
import Engine
import Foundation
import Store
import Synchronization

/// Follows a generation on the command line: draws its updates (`GenerationProgressScreen`)
/// or writes them as JSON lines, then says how it ended and returns the exit code
/// (`GenerationExitCodes`). `atelier generate`, `generations send` and `team --generate`
/// share it. Called on the verb's task; with `trapSignals`, Ctrl-C (SIGINT, SIGTERM,
/// SIGHUP) cancels the generation — ComfyUI gets `POST /interrupt` — and the code is 130.
public enum GenerationConsole {
    public static func follow(_ handle: GenerationHandle, context: CLIContext, json: Bool, verb: String,
                              trapSignals: Bool = true) async -> ExitCode {
        let trap = trapSignals ? SignalTrap { _ in handle.cancel() } : nil
        defer { trap?.cancel() }
        var screen = GenerationProgressScreen(streams: context.streams, generationID: handle.generationID, verb: verb)
        for await update in handle.updates {
            if json {
                if let line = GenerationEventLine.make(update, generationID: handle.generationID) {
                    context.streams.out(JSONLines().line(line))
                }
            } else {
                screen.show(update)
            }
        }
        let outcome: GenerationOutcome
        do {
            outcome = try await handle.result()
        } catch {
            let failure = CLIErrorMapper.map(error)
            context.streams.errUntrusted("atelier \(verb): generation \(handle.generationID): \(failure.message)\n")
            return failure.code == .failure ? .storage : failure.code
        }
        if !json { screen.finish(outcome) }
        return GenerationExitCodes.code(for: outcome.error)
    }
}

/// What a SIGINT during a verb's preparation should stop: the preparing task until a
/// generation handle exists, then the generation. Thread-safe; the signal queue and the
/// verb's task share it.
final class GenerationInterrupt: Sendable {
    private let state = Mutex<(task: Task<ExitCode, Error>?, handle: GenerationHandle?, fired: Bool)>((nil, nil, false))

    func watch(_ task: Task<ExitCode, Error>) {
        let fired = state.withLock { state -> Bool in
            state.task = task
            return state.fired
        }
        if fired { task.cancel() }
    }

    func watch(_ handle: GenerationHandle) {
        let fired = state.withLock { state -> Bool in
            state.handle = handle
            return state.fired
        }
        if fired { handle.cancel() }
    }

    func fire() {
        let (task, handle) = state.withLock { state -> (Task<ExitCode, Error>?, GenerationHandle?) in
            state.fired = true
            return (state.task, state.handle)
        }
        if let handle { handle.cancel() } else { task?.cancel() }
    }

    var fired: Bool { state.withLock { $0.fired } }
}
