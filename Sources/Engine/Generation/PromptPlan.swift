import Comfy

/// Which prompt pipeline steps to run before a generation is recorded: interception with a
/// creative context (empty: skipped) and optimization with the workflow's own
/// `optimization_instruction` (a workflow without one passes the text through), and the
/// model call both use. The steps run only for a workflow that takes a prompt. A plain value.
public struct PromptPlan: Sendable {
    /// The creative context that rewrites the idea (step 1); "" skips the step.
    public var interceptionContext: String
    /// Whether to run step 2 with the workflow's optimization instruction.
    public var optimize: Bool
    /// The model call; needed when a step will call a model.
    public var rewrite: PromptPipeline.Rewrite?

    public init(interceptionContext: String = "", optimize: Bool = false, rewrite: PromptPipeline.Rewrite? = nil) {
        self.interceptionContext = interceptionContext
        self.optimize = optimize
        self.rewrite = rewrite
    }

    /// Whether the plan calls a model for `template`'s instruction.
    func needsModel(instruction: String?) -> Bool {
        let intercepts = !interceptionContext.allSatisfy(\.isWhitespace)
        let optimizes = optimize && !(instruction ?? "").allSatisfy(\.isWhitespace)
        return intercepts || optimizes
    }
}
