import Comfy
import Core
import Store

/// What the generation service tells whoever follows one generation (the CLI's progress
/// line, the studio's gallery card), in order. The stream ends after `finished`. A plain value.
public enum GenerationUpdate: Sendable, Hashable {
    /// The row changed status (queued, running, succeeded, failed, cancelled) or was archived.
    case stored(StoredGeneration)
    /// Every event of the ComfyUI job, as the runner reported it.
    case job(GenerationEvent)
    /// Overall progress moved.
    case progress(GenerationProgress)
    /// A line for the person: waiting for ComfyUI, ComfyUI back, an out-of-memory retry at a
    /// smaller size, polling instead of live progress, an output refused.
    case notice(String)
    /// An output was saved and recorded.
    case asset(StoredAsset)
    /// The generation ended (succeeded, failed or cancelled); the stream ends.
    case finished(GenerationOutcome)
}

/// How a generation ended: the stored record (row, notes, timings, assets) and, unless it
/// succeeded, the ComfyUI-layer error that ended it. A plain value.
public struct GenerationOutcome: Sendable, Hashable {
    public var details: GenerationDetails
    /// Nil when it succeeded.
    public var error: ComfyError?

    public init(details: GenerationDetails, error: ComfyError? = nil) {
        self.details = details
        self.error = error
    }

    public var generation: StoredGeneration { details.generation }
    public var assets: [StoredAsset] { details.assets }
    public var succeeded: Bool { error == nil && details.generation.status == .complete }
}
