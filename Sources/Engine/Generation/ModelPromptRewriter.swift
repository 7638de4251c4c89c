import Comfy
import Core
import Foundation

/// The prompt pipeline's model call made through the `TurnRunner`: each step is one stored
/// exchange in the session (speaker `prompt pipeline`), with usage and cost recorded like
/// any other turn. A failed call throws its `ProviderError` (so callers map it like any
/// other model failure). Sendable; any task.
public struct ModelPromptRewriter: Sendable {
    public let runner: TurnRunner
    public let model: ModelRef
    public let sessionID: Int64
    public let speaker: String

    public init(runner: TurnRunner, model: ModelRef, sessionID: Int64, speaker: String = "prompt pipeline") {
        self.runner = runner
        self.model = model
        self.sessionID = sessionID
        self.speaker = speaker
    }

    /// One step: `system` (the task and its context) and the text to transform.
    public func rewrite(system: String, text: String) async throws -> String {
        let outcome = try await runner.run(TurnRequest(sessionID: sessionID, speaker: speaker, model: model,
                                                       messages: [.system(system), .user(text)]))
        if let error = outcome.error { throw error }
        return outcome.text
    }

    /// `rewrite` as the closure `PromptPipeline` and `PromptPlan` take.
    public var closure: PromptPipeline.Rewrite {
        { system, text in try await rewrite(system: system, text: text) }
    }
}
