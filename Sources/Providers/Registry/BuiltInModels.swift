import Core

/// The models Atelier knows without asking any server, with context windows, output limits
/// and prices as publicly listed by each vendor in late 2025.
///
/// PRICES CHANGE. These are a starting point for cost estimates only; a `models` entry in
/// config.json overrides any field, and what a server reports (Ollama `/api/tags`) is merged
/// in by `ModelRegistry.addDiscovered`. Prices are US dollars per 1,000 tokens (the vendors
/// list them per million: divide by 1,000). Local models cost 0. Immutable; any thread.
public enum BuiltInModels {
    private static func entry(_ provider: String, _ model: String, _ name: String, context: Int?, output: Int?,
                              input: Double?, outputPrice: Double?, vision: Bool = false,
                              json: Bool = true) -> ModelInfo {
        ModelInfo(ref: ModelRef(provider: provider, model: model), displayName: name, contextWindow: context,
                  maxOutput: output, pricePer1kInput: input, pricePer1kOutput: outputPrice,
                  capabilities: ModelInfo.Capabilities(vision: vision, jsonMode: json, streaming: true),
                  source: .builtIn)
    }

    public static let all: [ModelInfo] = [
        // OpenAI (platform.openai.com/docs/pricing)
        entry("openai", "gpt-4o", "GPT-4o", context: 128_000, output: 16_384,
              input: 0.0025, outputPrice: 0.01, vision: true),
        entry("openai", "gpt-4o-mini", "GPT-4o mini", context: 128_000, output: 16_384,
              input: 0.00015, outputPrice: 0.0006, vision: true),
        entry("openai", "gpt-4.1", "GPT-4.1", context: 1_047_576, output: 32_768,
              input: 0.002, outputPrice: 0.008, vision: true),
        entry("openai", "gpt-4.1-mini", "GPT-4.1 mini", context: 1_047_576, output: 32_768,
              input: 0.0004, outputPrice: 0.0016, vision: true),

        // Anthropic (docs.anthropic.com, models overview); no JSON mode in the Messages API
        entry("anthropic", "claude-sonnet-4-5", "Claude Sonnet 4.5", context: 200_000, output: 64_000,
              input: 0.003, outputPrice: 0.015, vision: true, json: false),
        entry("anthropic", "claude-haiku-4-5", "Claude Haiku 4.5", context: 200_000, output: 64_000,
              input: 0.001, outputPrice: 0.005, vision: true, json: false),
        entry("anthropic", "claude-opus-4-1", "Claude Opus 4.1", context: 200_000, output: 32_000,
              input: 0.015, outputPrice: 0.075, vision: true, json: false),

        // OpenRouter (openrouter.ai/models); prices vary with the upstream provider chosen
        entry("openrouter", "google/gemini-2.5-flash", "Gemini 2.5 Flash", context: 1_048_576, output: 65_535,
              input: 0.0003, outputPrice: 0.0025, vision: true),
        entry("openrouter", "meta-llama/llama-3.3-70b-instruct", "Llama 3.3 70B Instruct", context: 131_072,
              output: 16_384, input: 0.00013, outputPrice: 0.0004),
        entry("openrouter", "anthropic/claude-sonnet-4.5", "Claude Sonnet 4.5 (OpenRouter)", context: 200_000,
              output: 64_000, input: 0.003, outputPrice: 0.015, vision: true),
        entry("openrouter", "openai/gpt-4o-mini", "GPT-4o mini (OpenRouter)", context: 128_000, output: 16_384,
              input: 0.00015, outputPrice: 0.0006, vision: true),

        // Ollama (ollama.com/library): local, free
        entry("ollama", "llama3.2", "Llama 3.2", context: 131_072, output: nil, input: 0, outputPrice: 0),
        entry("ollama", "qwen2.5", "Qwen 2.5", context: 32_768, output: nil, input: 0, outputPrice: 0),

        // The `local` llama.cpp endpoint: the README's small local model
        entry("local", "gemma-3-270m", "Gemma 3 270M", context: 32_768, output: 1024, input: 0, outputPrice: 0),
    ]
}
