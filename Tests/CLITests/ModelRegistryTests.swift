import AtelierCLI
import Core
import Providers
import Testing

@Suite struct ModelRegistryTests {
    private func registry(_ configText: String? = nil) throws -> ModelRegistry {
        let folder = try TemporaryFolder()
        if let configText { try folder.writeConfig(configText) }
        return ModelRegistry(config: try ConfigLoader.load(folder.environment()))
    }

    private func notFound(_ body: () throws -> ModelInfo) -> ProviderError? {
        do {
            _ = try body()
            return nil
        } catch {
            return error as? ProviderError
        }
    }

    private func tags(_ names: [String], context: Int? = nil) -> [ModelInfo] {
        names.map { ModelInfo(ref: ModelRef(provider: "ollama", model: $0), contextWindow: context, source: .discovered) }
    }

    @Test func builtInsResolveWithTheirFacts() throws {
        let info = try registry().resolve("openai:gpt-4o")
        #expect(info.contextWindow == 128_000)
        #expect(info.pricePer1kInput == 0.0025)
        #expect(info.capabilities.vision)
        #expect(info.source == .builtIn)
        #expect(try registry().resolve("anthropic:claude-haiku-4-5").maxOutput == 64_000)
        #expect(try registry().resolve("local:gemma-3-270m").pricePer1kOutput == 0)
    }

    @Test func ollamaNamesMeanLatestAndDiscoveryMerges() throws {
        var models = try registry()
        models.addDiscovered(tags(["llama3.2:latest", "llama3.2:3b", "mistral:latest"], context: 8192), for: "ollama")
        let plain = try models.resolve("ollama:llama3.2")
        #expect(plain.ref == ModelRef(provider: "ollama", model: "llama3.2:latest"))
        #expect(plain.displayName == "Llama 3.2")
        #expect(plain.contextWindow == 8192)
        #expect(plain.source == .discovered)
        #expect(plain.estimatedCost(Usage(inputTokens: 5000, outputTokens: 5000)) == 0)
        #expect(try models.resolve("ollama:llama3.2:latest") == plain)
        #expect(try models.resolve("ollama:llama3.2:3b").ref.model == "llama3.2:3b")
        #expect(try models.resolve("ollama:mistral").pricePer1kInput == 0)
    }

    @Test func ollamaAcceptsUnlistedModelsOnlyUntilDiscovery() throws {
        var models = try registry()
        #expect(try models.resolve("ollama:phi4").ref.model == "phi4:latest")
        models.addDiscovered(tags(["llama3.2:latest"]), for: "ollama")
        let error = try #require(notFound { try models.resolve("ollama:phi4") })
        #expect(error.kind == .modelNotFound)
        #expect(error.hint == "ollama pull phi4")
        #expect(error.message.hasSuffix("Available models:\n  ollama: llama3.2"))
        #expect(!error.message.contains("openai:"))
        #expect(notFound { try models.resolve("ollama:qwen2.5") }?.hint == "ollama pull qwen2.5")
    }

    @Test func unlistedModelsOfConfiguredServersAreAllowed() throws {
        let models = try registry(#"{"endpoints": {"gpu": {"base_url": "http://192.168.1.5:8000/v1"}}}"#)
        let openai = try models.resolve("openai:gpt-5")
        #expect(openai.ref == ModelRef(provider: "openai", model: "gpt-5"))
        #expect(openai.pricePer1kInput == nil)
        #expect(models.estimatedCost(openai.ref, Usage(inputTokens: 10, outputTokens: 10)) == nil)
        #expect(try models.resolve("gpu:qwen2.5-7b").pricePer1kInput == 0)
        #expect(try models.resolve("anthropic:claude-future-9").source == .config)
        #expect(try models.resolve("openrouter:deepseek/deepseek-r1").ref.model == "deepseek/deepseek-r1")
    }

    @Test func unknownProviderListsEverythingSortedAndGrouped() throws {
        let error = try #require(notFound { try registry().resolve("mistral:large") })
        #expect(error.kind == .modelNotFound)
        let lines = error.message.split(separator: "\n").map(String.init)
        #expect(lines.first == "unknown provider \"mistral\" in \"mistral:large\"")
        #expect(Array(lines.dropFirst()) == [
            "Available models:",
            "  anthropic: claude-haiku-4-5, claude-opus-4-1, claude-sonnet-4-5",
            "  local: gemma-3-270m",
            "  ollama: llama3.2, qwen2.5",
            "  openai: gpt-4.1, gpt-4.1-mini, gpt-4o, gpt-4o-mini",
            "  openrouter: anthropic/claude-sonnet-4.5, google/gemini-2.5-flash, meta-llama/llama-3.3-70b-instruct, "
                + "openai/gpt-4o-mini",
            "OpenAI-compatible and Anthropic providers also accept ids not listed here.",
        ])
    }

    @Test func longListsAreTruncated() throws {
        var models = try registry()
        models.addDiscovered(tags((1...30).map { "model\($0 < 10 ? "0" : "")\($0):latest" }), for: "ollama")
        let error = try #require(notFound { try models.resolve("nowhere:x") })
        #expect(error.message.contains("  ollama: model01, model02"))
        #expect(error.message.contains("model08, … and 22 more"))
    }

    @Test func bareNamesResolveWhenUnique() throws {
        var models = try registry(#"{"endpoints": {"mirror": {"base_url": "http://10.0.0.2/v1", "models": ["gpt-4o"]}}}"#)
        #expect(try models.resolve("gpt-4o-mini").ref.provider == "openai")
        #expect(try models.resolve("gemma-3-270m").ref.provider == "local")
        #expect(try models.resolve("qwen2.5").ref.model == "qwen2.5:latest")
        models.addDiscovered(tags(["llama3.2:3b"]), for: "ollama")
        #expect(try models.resolve("llama3.2:3b").ref == ModelRef(provider: "ollama", model: "llama3.2:3b"))
        let ambiguous = try #require(notFound { try models.resolve("gpt-4o") })
        #expect(ambiguous.message.contains("mirror:gpt-4o, openai:gpt-4o"))
        let unknown = try #require(notFound { try models.resolve("no-such-model") })
        #expect(unknown.message.hasPrefix("unknown model \"no-such-model\""))
    }

    @Test func configOverridesWinFieldByField() throws {
        var models = try registry("""
        {"models": {
          "openai:gpt-4o": {"price_per_1k_input": 0.002, "display_name": "Four-O"},
          "ollama:llama3.2": {"context_window": 4096},
          "openrouter:x-ai/grok-4": {"context_window": 256000, "price_per_1k_input": 0.003, "price_per_1k_output": 0.015}
        }}
        """)
        let gpt = try models.resolve("openai:gpt-4o")
        #expect(gpt.pricePer1kInput == 0.002)
        #expect(gpt.pricePer1kOutput == 0.01)
        #expect(gpt.contextWindow == 128_000)
        #expect(gpt.displayName == "Four-O")
        #expect(gpt.source == .config)
        models.addDiscovered(tags(["llama3.2:latest"], context: 131_072), for: "ollama")
        #expect(try models.resolve("ollama:llama3.2").contextWindow == 4096)
        let grok = try models.resolve("openrouter:x-ai/grok-4")
        #expect(grok.contextWindow == 256_000)
        #expect(models.models(for: "openrouter").contains { $0.ref.model == "x-ai/grok-4" })
        let cost = try #require(models.estimatedCost(grok.ref, Usage(inputTokens: 2000, outputTokens: 1000)))
        #expect(abs(cost - 0.021) < 1e-12)
    }

    @Test func estimatedCostUsesThePerThousandPrices() throws {
        let models = try registry()
        let usage = Usage(inputTokens: 1000, outputTokens: 1000)
        #expect(models.estimatedCost(ModelRef(provider: "openai", model: "gpt-4o"), usage) == 0.0125)
        #expect(models.estimatedCost(ModelRef(provider: "ollama", model: "anything"), usage) == 0)
        #expect(models.estimatedCost(ModelRef(provider: "nowhere", model: "x"), usage) == nil)
    }

    @Test func disabledProvidersAndTheirBuiltInsAreGone() throws {
        let models = try registry(#"{"providers": {"openrouter": {"enabled": false}}}"#)
        #expect(models.models(for: "openrouter").isEmpty)
        #expect(notFound { try models.resolve("openrouter:google/gemini-2.5-flash") }?.kind == .modelNotFound)
    }

    @Test func discoveryForOtherProvidersIsIgnoredAndEchoesAreInert() throws {
        var models = try registry()
        models.addDiscovered([ModelInfo(ref: ModelRef(provider: "openai", model: "stray"))], for: "ollama")
        #expect(!models.models.contains { $0.ref.model == "stray" })
        let error = try #require(notFound { try models.resolve("\u{1B}[2J\u{1B}]52;c;eA==\u{7}") })
        #expect(TerminalSanitizer.isInert(error.description))
        #expect(error.description.contains("␛[2J"))
        let spaced = try #require(notFound { try models.resolve("openai:gpt 4o") })
        #expect(spaced.kind == .modelNotFound)
    }
}
