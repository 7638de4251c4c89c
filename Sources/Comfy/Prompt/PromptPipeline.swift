/// The two-step prompt pipeline for generation, kept strictly apart:
/// 1. **interception** — the creative context (an attitude, a style, the team's direction)
///    rewrites the person's idea;
/// 2. **optimization** — the chosen workflow's `optimization_instruction` is the *whole*
///    context for rewriting the interception result (the creative context never reaches it).
/// A missing or empty instruction passes the text through silently, without a model call;
/// so does an empty creative context. Both results are returned so they can be stored and
/// edited before the job is sent. The model call is injected (`rewrite`), so this type has
/// no client. Sendable; call from any task.
public struct PromptPipeline: Sendable {
    /// One model call: a system text (the task and its context) and the text to transform;
    /// returns the transformed text.
    public typealias Rewrite = @Sendable (_ system: String, _ text: String) async throws -> String

    private let rewrite: Rewrite

    public init(rewrite: @escaping Rewrite) {
        self.rewrite = rewrite
    }

    /// Step 1: the idea rewritten by the creative context. An empty context returns the idea.
    public func intercept(_ idea: String, context: String) async throws -> String {
        guard !context.trimmed.isEmpty else { return idea }
        return try await call(system: Self.system(context: context), text: idea, step: "interception")
    }

    /// Step 2: `text` rewritten with `instruction` as its only context. Nil or empty
    /// instruction returns `text` unchanged (no call).
    public func optimize(_ text: String, instruction: String?) async throws -> String {
        guard let instruction, !instruction.trimmed.isEmpty else { return text }
        return try await call(system: Self.system(context: instruction), text: text, step: "optimization")
    }

    /// Both steps in order: interception, then optimization of its result.
    public func run(idea: String, context: String, instruction: String?) async throws -> PromptPipelineResult {
        let interception = try await intercept(idea, context: context)
        let optimized = try await optimize(interception, instruction: instruction)
        let applied = !(instruction ?? "").trimmed.isEmpty
        return PromptPipelineResult(idea: idea, interception: interception, optimized: optimized, optimizationApplied: applied)
    }

    /// The system text of one step: the fixed task, then the context that rules it.
    public static func system(context: String) -> String {
        "Task:\nTransform the INPUT according to the rules provided by the CONTEXT. "
            + "Answer with the transformed text only, without comments.\n\nContext:\n" + context.trimmed
    }

    private func call(system: String, text: String, step: String) async throws -> String {
        let result = try await rewrite(system, text).trimmed
        guard !result.isEmpty else { throw PromptPipelineError(step: step) }
        return result
    }
}

/// What the prompt pipeline made: the original idea, the interception result and the
/// optimized prompt (equal to the interception when the workflow has no instruction).
/// A plain value.
public struct PromptPipelineResult: Sendable, Hashable {
    public var idea: String
    public var interception: String
    public var optimized: String
    /// False when the workflow had no optimization instruction (the text passed through).
    public var optimizationApplied: Bool

    public init(idea: String, interception: String, optimized: String, optimizationApplied: Bool) {
        self.idea = idea
        self.interception = interception
        self.optimized = optimized
        self.optimizationApplied = optimizationApplied
    }
}

/// A pipeline step's model call returned nothing usable. A plain value.
public struct PromptPipelineError: Error, Sendable, Hashable, CustomStringConvertible {
    /// "interception" or "optimization".
    public var step: String
    public var description: String { "the \(step) step returned an empty text" }
}

extension String {
    var trimmed: String {
        var text = Substring(self)
        while let first = text.first, first.isWhitespace { text = text.dropFirst() }
        while let last = text.last, last.isWhitespace { text = text.dropLast() }
        return String(text)
    }
}
