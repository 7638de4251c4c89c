import Comfy

/// One generation out for rendering: its id, its updates as a stream (read by one
/// consumer; it ends after `.finished`), a way to cancel it (ComfyUI gets `POST /interrupt`
/// and the prompt leaves the queue; the record ends `cancelled`), and its outcome.
/// `result()` throws only when the database failed while following the job. Sendable; any
/// task may cancel or await it.
public final class GenerationHandle: Sendable {
    public let generationID: Int64
    public let updates: AsyncStream<GenerationUpdate>
    private let job: GenerationJob
    private let task: Task<GenerationOutcome, Error>

    init(generationID: Int64, updates: AsyncStream<GenerationUpdate>, job: GenerationJob,
         task: Task<GenerationOutcome, Error>) {
        self.generationID = generationID
        self.updates = updates
        self.job = job
        self.task = task
    }

    /// Stops the generation. Idempotent; the outcome then says `cancelled`.
    public func cancel() {
        job.cancel()
    }

    /// Waits for the end and returns how it went.
    public func result() async throws -> GenerationOutcome {
        try await task.value
    }
}
