import Core
import Engine
import Foundation
import Providers
import Store
import Testing

/// The scripted chorus: artists answering in the marked format.
enum ChorusScript {
    static let prompt = "Paint the feeling of the first snow."
    static let brush = BrushSettings(workflowID: "sdxl-basic", negativePrompt: "blurry",
                                     parameters: ["steps": .number(20), "cfg": .number(7.5), "sampler": .string("euler"),
                                                  "hires": .bool(true), "one": .number(1)])

    static func artists(_ models: [String], provider: String = "fake", maxTokens: Int? = 100) -> [Artist] {
        models.map { Artist(slug: $0, model: ModelRef(provider: provider, model: $0), displayName: $0.capitalized,
                            temperature: 0.8, maxTokens: maxTokens) }
    }

    static func answer(_ model: String) -> String {
        "Here you go.\n===ARTIST STATEMENT===\n\(model) hears silence.\n===FINAL IMAGE PROMPT===\nfirst snow on a quiet village, \(model)"
    }

    @Sendable static func reply(_ call: FakeCall) -> FakeReply { .text(answer(call.model)) }

    static func fastSettings(global: Int = 4, perProvider: Int = 4, retries: Int = 2,
                             sleep: (@Sendable (Double) async throws -> Void)? = nil) -> ChorusSettings {
        let retry = RetryPolicy(maxRetries: retries, initialBackoff: 0.5, maxBackoff: 8, random: { 0 })
        return ChorusSettings(globalLimit: global, defaultProviderLimit: perProvider, retry: retry,
                              sleep: sleep ?? { _ in await Task.yield() })
    }
}

/// A brush that always fails.
struct BrokenBrush: GenerationSink {
    struct Failure: Error, CustomStringConvertible { var description: String { "ComfyUI is unreachable" } }
    func submit(_ request: BrushRequest) async throws -> BrushReceipt { throw Failure() }
}
