/// A ComfyUI workflow kept as data: the API-format graph (as ComfyUI's "Save (API)" writes
/// it) plus what its sidecar says — id, title, media type, which node inputs each parameter
/// fills, defaults, limits and the optional optimization instruction used by the prompt
/// pipeline. Made by `load(apiPath:sidecarPath:)` or in code; `validate()` lists what is
/// broken; `instantiate(_:)` makes the graph to send. A plain value, safe anywhere.
public struct WorkflowTemplate: Sendable, Hashable {
    /// The id, equal to the files' common stem (`sd15-txt2img` for `sd15-txt2img.api.json`).
    public var id: String
    /// A short human title.
    public var title: String
    /// What the workflow produces.
    public var mediaType: MediaType
    /// A longer description ("" when the sidecar has none).
    public var summary: String
    /// The API-format graph: node id → `{"class_type", "inputs", "_meta"?}`.
    public var graph: [String: JSONValue]
    /// Parameter name → the node inputs it fills.
    public var bindings: [String: WorkflowBinding]
    /// Parameter values used when the caller gives none.
    public var defaults: [String: WorkflowValue]
    /// Parameter name → accepted values.
    public var limits: [String: ParameterLimits]
    /// The whole context for the optimization step of the prompt pipeline; nil passes the
    /// text through.
    public var optimizationInstruction: String?
    /// Where it was loaded from (nil for templates made in code).
    public var apiPath: String?
    public var sidecarPath: String?

    public init(id: String, title: String, mediaType: MediaType, summary: String = "",
                graph: [String: JSONValue], bindings: [String: WorkflowBinding],
                defaults: [String: WorkflowValue] = [:], limits: [String: ParameterLimits] = [:],
                optimizationInstruction: String? = nil, apiPath: String? = nil, sidecarPath: String? = nil) {
        self.id = id
        self.title = title
        self.mediaType = mediaType
        self.summary = summary
        self.graph = graph
        self.bindings = bindings
        self.defaults = defaults
        self.limits = limits
        self.optimizationInstruction = optimizationInstruction
        self.apiPath = apiPath
        self.sidecarPath = sidecarPath
    }

    /// The parameter names, sorted.
    public var parameterNames: [String] { bindings.keys.sorted() }

    /// The class_type of a node, if the node exists and names one.
    public func classType(ofNode node: String) -> String? {
        graph[node]?["class_type"]?.stringValue
    }

    /// Parses text typed by a person for the named parameter (`--set steps=30`).
    /// Throws `unknownParameter` or `wrongType` with a message that lists what is accepted.
    public func parameterValue(named name: String, fromText text: String) throws(WorkflowError) -> WorkflowValue {
        guard let binding = bindings[name] else { throw unknownParameterError(name) }
        guard let value = WorkflowValue.parse(text, as: binding.kind) else {
            throw WorkflowError(.wrongType, "parameter '\(name)' of workflow '\(id)' must be \(binding.kind.phrase); got \"\(text)\"",
                                parameter: name)
        }
        return value
    }

    func unknownParameterError(_ name: String) -> WorkflowError {
        let known = parameterNames.joined(separator: ", ")
        return WorkflowError(.unknownParameter,
                             "workflow '\(id)' has no parameter '\(name)'; it takes: \(known.isEmpty ? "none" : known)",
                             parameter: name)
    }
}
