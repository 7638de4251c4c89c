import Synchronization

/// One running generation: its events as a stream and a way to cancel it. The stream ends
/// normally after `completed`, or throws the `ComfyError` of a failure or cancellation
/// (after the matching `failed` / `cancelled` event). `cancel()` sends ComfyUI
/// `POST /interrupt` for the prompt (and removes it from the queue if it is still pending).
/// Cancelling the task that iterates `events` does the same. Sendable; any task may cancel.
public final class GenerationJob: Sendable {
    public let events: AsyncThrowingStream<GenerationEvent, Error>
    private let task: Mutex<Task<Void, Never>?>

    init(events: AsyncThrowingStream<GenerationEvent, Error>) {
        self.events = events
        self.task = Mutex(nil)
    }

    func attach(_ running: Task<Void, Never>) {
        task.withLock { $0 = running }
    }

    /// Stops the job: interrupts it on ComfyUI and ends the stream with `cancelled`. Idempotent.
    public func cancel() {
        task.withLock { $0?.cancel() }
    }
}
