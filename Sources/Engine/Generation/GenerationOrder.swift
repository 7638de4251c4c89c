import Comfy
import Core

/// What to generate, before any prompt rewriting: the workflow, the person's prompt (bound
/// to the workflow's `prompt` input when it has one), the negative prompt, the other
/// parameter values, and where the request came from (session and source). Build one with
/// the initializer, `direct(template:prompt:settings:…)` for typed `--set key=value` input
/// (strict), or `spec(_:template:…)` / `brush(_:template:)` for machine-made values
/// (lenient: values the workflow does not take are left out and values outside its limits
/// are moved inside, each with a line in `notes`). A plain value.
public struct GenerationOrder: Sendable, Hashable {
    public var workflowID: String
    /// The person's text; "" when there is none (a workflow without a prompt input).
    public var prompt: String
    /// The negative prompt; nil uses the workflow's default.
    public var negative: String?
    /// Parameter values by name, other than `prompt` and `negative_prompt`.
    public var parameters: [String: WorkflowValue]
    public var sessionID: Int64?
    public var sourceKind: StoredGeneration.SourceKind
    public var sourceID: Int64?
    /// Lines about values left out or moved while the order was built; recorded as notes.
    public var notes: [String]
    /// The person's own idea when `prompt` is already an interception made elsewhere (the
    /// team's conversation turned the request into Pixel's prompt): stored as the idea, and
    /// `prompt` as the interception. Nil: `prompt` is the idea.
    public var idea: String?

    public init(workflowID: String, prompt: String, negative: String? = nil, parameters: [String: WorkflowValue] = [:],
                sessionID: Int64? = nil, sourceKind: StoredGeneration.SourceKind = .direct, sourceID: Int64? = nil,
                notes: [String] = [], idea: String? = nil) {
        self.workflowID = workflowID
        self.prompt = prompt
        self.negative = negative
        self.parameters = parameters
        self.sessionID = sessionID
        self.sourceKind = sourceKind
        self.sourceID = sourceID
        self.notes = notes
        self.idea = idea
    }

    /// Names that live in the prompt columns rather than in `parameters`.
    static let promptNames: Set<String> = ["prompt", "negative_prompt"]
}
