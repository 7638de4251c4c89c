/// Everything needed to run one generation: the template and parameters, where its outputs
/// go (the store's session and generation ids become folder names), an optional input
/// image to upload for `input_image`, and what the runner may do on its own (pre-flight
/// check, one retry at a lower resolution after running out of GPU memory). A plain value.
public struct GenerationRequest: Sendable {
    public var template: WorkflowTemplate
    public var parameters: [String: WorkflowValue]
    /// Folder names under `generations/`; must be plain names (no `/`, no `..`).
    public var session: String
    public var generation: String
    /// Bytes uploaded with `/upload/image` and bound to `input_image`.
    public var inputImage: [UInt8]?
    /// Extra `extra_pnginfo` entries (e.g. a UI-format `workflow`); Atelier adds `atelier`.
    public var extraPNGInfo: [String: JSONValue]
    /// Check the graph against `/object_info` before sending it.
    public var preflight: Bool
    /// Retry once at a smaller size when the GPU runs out of memory.
    public var retryOnOutOfMemory: Bool

    public init(template: WorkflowTemplate, parameters: [String: WorkflowValue] = [:], session: String, generation: String,
                inputImage: [UInt8]? = nil, extraPNGInfo: [String: JSONValue] = [:], preflight: Bool = true,
                retryOnOutOfMemory: Bool = true) {
        self.template = template
        self.parameters = parameters
        self.session = session
        self.generation = generation
        self.inputImage = inputImage
        self.extraPNGInfo = extraPNGInfo
        self.preflight = preflight
        self.retryOnOutOfMemory = retryOnOutOfMemory
    }
}
