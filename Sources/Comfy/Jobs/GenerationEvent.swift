/// What happens to one generation job, in order, for the UI, the headless progress line
/// and the store. A job's stream ends after `completed` (normally) or after `failed` /
/// `cancelled` (by throwing the same `ComfyError`). A plain value.
public enum GenerationEvent: Sendable, Hashable {
    /// ComfyUI does not answer; the job waits and tries again in `retryIn` seconds.
    case waitingForServer(message: String, attempt: Int, retryIn: Double)
    /// ComfyUI answers again after a wait.
    case serverAvailable
    /// The graph as sent (archive it with the generation) and the parameters applied.
    case prepared(InstantiatedWorkflow)
    /// Ollama was asked to free the GPU before the submission (runner option `ollamaUnloader`).
    case ollamaUnloaded(OllamaUnloader.Report)
    /// The prompt is queued under this id (attempt 1, or 2 after an out-of-memory retry).
    case submitted(promptID: String, attempt: Int)
    /// Jobs ahead of it (0 = next); nil when ComfyUI did not say.
    case queued(position: Int?)
    /// No live socket (or it dropped): progress is polled from `/history` and `/queue`.
    case pollingFallback(reason: String)
    /// ComfyUI started running it.
    case started
    /// Nodes whose cached results are reused.
    case cached(nodes: [String])
    /// A node started.
    case nodeStarted(node: String, classType: String?)
    /// Progress of a node (sampler steps...): `value` of `max`.
    case progress(node: String?, value: Double, max: Double)
    /// A node listed output files.
    case outputsListed(node: String, files: [OutputFile])
    /// ComfyUI finished the job successfully.
    case succeeded
    /// The job ran out of GPU memory and is sent again at a smaller size.
    case retryingAtLowerResolution(fromWidth: Int64, fromHeight: Int64, toWidth: Int64, toHeight: Int64)
    /// One output was saved.
    case saved(SavedOutput)
    /// One output could not be saved (unsafe name, too large, ...); the others go on.
    case outputSkipped(file: OutputFile, message: String)
    /// The job failed; the stream then throws the same error.
    case failed(ComfyError)
    /// ComfyUI reported the job interrupted.
    case interrupted
    /// The job was cancelled (interrupt sent / removed from the queue); the stream then throws.
    case cancelled
    /// Everything saved; the stream ends.
    case completed([SavedOutput])
}

/// The status a generation record takes, derived from the events. A plain value.
public enum GenerationStatus: String, Sendable, Hashable, CaseIterable {
    case queued
    case running
    case complete
    case failed
    case cancelled

    /// The status after `event`, given the current one.
    public func after(_ event: GenerationEvent) -> GenerationStatus {
        switch event {
        case .started, .nodeStarted, .progress, .cached, .outputsListed, .succeeded, .saved, .outputSkipped:
            return .running
        case .waitingForServer, .submitted, .queued, .retryingAtLowerResolution:
            return .queued
        case .completed:
            return .complete
        case .failed(let error):
            return error.kind == .cancelled ? .cancelled : .failed
        case .cancelled, .interrupted:
            return .cancelled
        case .serverAvailable, .prepared, .pollingFallback, .ollamaUnloaded:
            return self
        }
    }
}
