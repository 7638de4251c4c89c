/// Why the generation service refused a request before anything was sent to ComfyUI: an
/// unknown or broken workflow, a parameter it does not take or cannot use, a generation
/// that does not exist, is already out for rendering here, or may no longer be edited, a
/// prompt pipeline step that failed. `message` is one line a person can act on. A plain value.
public struct GenerationServiceError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// No workflow has this id (the message lists the ids there are).
        case unknownWorkflow
        /// The workflow's files are broken (the message names file, node and input).
        case brokenWorkflow
        /// A parameter the workflow does not take, of the wrong type, or outside its limits.
        case invalidParameter
        /// No generation has this id.
        case noSuchGeneration
        /// The generation is already being rendered by this service.
        case busy
        /// The generation is out for rendering or done; it cannot be edited.
        case notEditable
        /// The prompt pipeline needed a model and had none, or its model call failed.
        case pipeline
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
