import Comfy
import Core
import Foundation
import Store

/// Follows one ComfyUI job for the generation service: turns each runner event into the
/// store write it implies and the updates a person sees, then ends the record (succeeded,
/// failed with the error's message, or cancelled) and returns the outcome. Store failures
/// are thrown (the caller cancels the job); ComfyUI failures end up in the outcome.
/// Used by the one task that follows the job.
struct GenerationFollower: Sendable {
    let store: Store
    let generationID: Int64
    let emit: @Sendable (GenerationUpdate) -> Void
    /// The graph already out (a resumed job sends no `prepared`), for overall progress.
    var graph: JSONValue?

    func follow(_ job: GenerationJob) async throws -> GenerationOutcome {
        var tracker = ProgressTracker()
        if let graph { tracker.reset(graph: graph) }
        var running = false
        var written = 0.0
        var failure: ComfyError?
        var completed = false
        var events = job.events.makeAsyncIterator()
        while true {
            let next: GenerationEvent?
            do {
                next = try await events.next()
            } catch {
                failure = (error as? ComfyError) ?? ComfyError(.executionFailed, String(describing: error))
                break
            }
            guard let event = next else { break }
            emit(.job(event))
            switch event {
            case .waitingForServer(let message, let attempt, let retryIn):
                emit(.notice("waiting for ComfyUI (try \(attempt); next in \(Self.seconds(retryIn))): \(message)"))
            case .serverAvailable:
                emit(.notice("ComfyUI answers again: sending generation \(generationID)"))
            case .prepared(let workflow):
                tracker.reset(graph: workflow.prompt)
                try await store.setGenerationGraph(id: generationID,
                                                   parametersJSON: JSONValue.object(workflow.parameters.mapValues(\.json)).text,
                                                   workflowJSON: workflow.prompt.text)
                for adjustment in workflow.adjustments { try await note("moved to fit the workflow's limits: \(adjustment)") }
            case .submitted(let promptID, _):
                running = false
                written = 0
                emit(.stored(try await store.recordGenerationSubmission(id: generationID, promptID: promptID)))
            case .retryingAtLowerResolution(let fromWidth, let fromHeight, let toWidth, let toHeight):
                try await note("ComfyUI ran out of GPU memory at \(fromWidth)×\(fromHeight); trying once more at \(toWidth)×\(toHeight)")
            case .pollingFallback(let reason):
                emit(.notice(reason))
            case .ollamaUnloaded(let report):
                if let line = Self.describe(report) { emit(.notice(line)) }
            case .started, .nodeStarted, .cached, .progress:
                let moved = tracker.apply(event)
                if let moved { emit(.progress(moved)) }
                let fraction = tracker.latest.fraction
                if !running {
                    running = true
                    written = fraction
                    emit(.stored(try await store.markGenerationRunning(id: generationID, progress: fraction)))
                } else if fraction - written >= 0.05 {
                    written = fraction
                    try await store.markGenerationRunning(id: generationID, progress: fraction)
                }
            case .saved(let output):
                let asset = try await store.addAsset(generationID: generationID, path: output.path,
                                                     mediaType: output.mediaType.rawValue, bytes: Int(output.bytes),
                                                     sha256: output.sha256)
                emit(.asset(asset))
            case .outputSkipped(_, let message):
                try await note("an output was not saved: \(message)")
            case .completed:
                completed = true
            case .queued, .outputsListed, .succeeded, .failed, .interrupted, .cancelled:
                break
            }
        }
        return try await finish(completed: completed, failure: failure)
    }

    private func finish(completed: Bool, failure: ComfyError?) async throws -> GenerationOutcome {
        var error = failure
        if !completed && error == nil { error = ComfyError(.cancelled, "the generation was stopped before it finished") }
        let final: StoredGeneration
        if let error {
            let cancelled = error.kind == .cancelled || error.kind == .interrupted
            final = try await store.finishGeneration(id: generationID, status: cancelled ? .cancelled : .failed, error: error.message)
        } else {
            final = try await store.finishGeneration(id: generationID, status: .complete)
        }
        emit(.stored(final))
        guard let details = try await store.generationDetails(id: generationID) else {
            throw StoreError(.notFound, message: "generation \(generationID) vanished while it ran")
        }
        let outcome = GenerationOutcome(details: details, error: error)
        emit(.finished(outcome))
        return outcome
    }

    private func note(_ line: String) async throws {
        try await store.addGenerationNote(id: generationID, line)
        emit(.notice(line))
    }

    /// The line for an unload before the job, nil when Ollama held nothing.
    static func describe(_ report: OllamaUnloader.Report) -> String? {
        var parts: [String] = []
        if !report.unloaded.isEmpty { parts.append("Ollama unloaded \(report.unloaded.joined(separator: ", ")) to free the GPU") }
        if !report.stillLoaded.isEmpty { parts.append("still loaded (busy): \(report.stillLoaded.joined(separator: ", "))") }
        if let problem = report.problem { parts.append(problem) }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }

    static func seconds(_ value: Double) -> String {
        value < 10 ? String(format: "%.1f s", value) : "\(Int(value.rounded())) s"
    }
}
