/// The wire protocol a provider speaks, as configuration names it. A plain value.
public enum ProviderKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// Ollama's native API (`/api/chat`, NDJSON).
    case ollama
    /// `/v1/chat/completions` with SSE: OpenAI, OpenRouter, llama.cpp, vLLM, Ollama `/v1`.
    case openAICompatible = "openai-compatible"
    /// Anthropic's Messages API (`/v1/messages`, named SSE events).
    case anthropic

    /// The base URL used when none is configured. For OpenAI-compatible providers it depends
    /// on the name: `openrouter` → OpenRouter, `openai` (and anything else) → OpenAI.
    public func defaultBaseURL(name: String) -> String {
        switch self {
        case .ollama: return "http://127.0.0.1:11434"
        case .anthropic: return "https://api.anthropic.com"
        case .openAICompatible:
            return name.lowercased() == "openrouter" ? "https://openrouter.ai/api/v1" : "https://api.openai.com/v1"
        }
    }

    /// The environment variable that conventionally holds the provider's key, if any:
    /// `ANTHROPIC_API_KEY`, `OPENROUTER_API_KEY`, `OPENAI_API_KEY` (for the name `openai`);
    /// nil for Ollama and other OpenAI-compatible names (local servers need none).
    public func defaultAPIKeyVariable(name: String) -> String? {
        switch self {
        case .ollama: return nil
        case .anthropic: return "ANTHROPIC_API_KEY"
        case .openAICompatible:
            switch name.lowercased() {
            case "openai": return "OPENAI_API_KEY"
            case "openrouter": return "OPENROUTER_API_KEY"
            default: return nil
            }
        }
    }
}
