@testable import Comfy
import Testing

@Suite struct PromptPipelineTests {
    /// Records every call and answers with a tag of the system text it got.
    final class Recorder: Sendable {
        let calls = Box<[(String, String)]>([])

        func rewrite(system: String, text: String) async throws -> String {
            calls.update { $0.append((system, text)) }
            return "[\(system.contains("CONTEXT-A") ? "A" : system.contains("RULES-B") ? "B" : "?")] \(text)"
        }
    }

    @Test func twoSeparateStepsEachWithOnlyItsOwnContext() async throws {
        let recorder = Recorder()
        let pipeline = PromptPipeline { try await recorder.rewrite(system: $0, text: $1) }
        let result = try await pipeline.run(idea: "a cat", context: "CONTEXT-A: dada", instruction: "RULES-B: tags only")
        #expect(result.interception == "[A] a cat")
        #expect(result.optimized == "[B] [A] a cat")
        #expect(result.optimizationApplied)
        let calls = recorder.calls.current
        #expect(calls.count == 2)
        #expect(calls[0].0.contains("CONTEXT-A") && !calls[0].0.contains("RULES-B"))
        #expect(calls[1].0.contains("RULES-B") && !calls[1].0.contains("CONTEXT-A"))
        #expect(calls[1].1 == "[A] a cat")
        #expect(calls[1].0.hasPrefix("Task:\nTransform the INPUT according to the rules provided by the CONTEXT."))
    }

    @Test func aMissingInstructionPassesTheTextThroughSilently() async throws {
        let recorder = Recorder()
        let pipeline = PromptPipeline { try await recorder.rewrite(system: $0, text: $1) }
        let result = try await pipeline.run(idea: "a cat", context: "CONTEXT-A", instruction: nil)
        #expect(result.optimized == result.interception)
        #expect(!result.optimizationApplied)
        #expect(recorder.calls.current.count == 1)
        #expect(try await pipeline.optimize("text", instruction: "   ") == "text")
        #expect(recorder.calls.current.count == 1)
    }

    @Test func theShippedInstructionIsTheWholeOptimizationContext() async throws {
        let template = try #require(shippedLibrary().template(id: "sdxl-txt2img"))
        let instruction = try #require(template.optimizationInstruction)
        let recorder = Recorder()
        let pipeline = PromptPipeline { try await recorder.rewrite(system: $0, text: $1) }
        _ = try await pipeline.optimize("x", instruction: instruction)
        #expect(recorder.calls.current.first?.0 == PromptPipeline.system(context: instruction))
        #expect(shippedLibrary().template(id: "probe-modelfree")?.optimizationInstruction == nil)
    }

    @Test func anEmptyRewriteIsAnError() async {
        let pipeline = PromptPipeline { _, _ in "   " }
        await #expect(throws: PromptPipelineError.self) { try await pipeline.intercept("idea", context: "ctx") }
    }
}
