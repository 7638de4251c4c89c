import Core
import Testing

@Suite struct ModelRefTests {
    @Test func parsesProviderAndModel() throws {
        let ref = try #require(ModelRef(parsing: "openrouter:google/gemini-2.5-flash"))
        #expect(ref.provider == "openrouter")
        #expect(ref.model == "google/gemini-2.5-flash")
        #expect(ModelRef(parsing: "ollama:llama3.2:3b")?.model == "llama3.2:3b")
    }

    @Test(arguments: ["", "llama3", ":x", "ollama:", "a b:c"])
    func rejectsMalformed(_ text: String) {
        #expect(ModelRef(parsing: text) == nil)
    }

    @Test func costIsPerThousandTokens() {
        let info = ModelInfo(ref: ModelRef(provider: "openai", model: "m"), pricePer1kInput: 0.5, pricePer1kOutput: 1.5)
        #expect(info.estimatedCost(Usage(inputTokens: 2000, outputTokens: 1000)) == 2.5)
        #expect(ModelInfo(ref: ModelRef(provider: "x", model: "y")).estimatedCost(.zero) == nil)
    }
}
