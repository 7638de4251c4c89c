/// What Atelier assumes when neither the config file nor the environment says otherwise.
/// Immutable; any thread may read it.
public enum AtelierDefaults {
    /// The README's small local model, served by llama.cpp on the `local` endpoint.
    public static let defaultModel = ModelRef(provider: "local", model: "gemma-3-270m")

    public static let timeouts = Timeouts(connect: 5, firstByte: 120, stall: 60, request: 600)

    public static let comfyUIURL = "http://127.0.0.1:8188"

    /// Ollama's own default (`OLLAMA_HOST` unset).
    public static let ollamaURL = "http://127.0.0.1:11434"

    /// The names reserved for built-in providers (configured under `providers`, not `endpoints`).
    public static let builtInProviderNames: [String] = ["anthropic", "ollama", "openai", "openrouter"]

    /// One built-in provider or default endpoint before config and environment apply.
    public struct ProviderDefault: Sendable, Hashable {
        public var name: String
        public var kind: ProviderKind
        public var baseURL: String
        public var keyVariable: String?
        public var keyRequired: Bool
        public var maxConcurrent: Int
        public var models: [String]

        public init(name: String, kind: ProviderKind, baseURL: String, keyVariable: String?, keyRequired: Bool,
                    maxConcurrent: Int, models: [String]) {
            self.name = name
            self.kind = kind
            self.baseURL = baseURL
            self.keyVariable = keyVariable
            self.keyRequired = keyRequired
            self.maxConcurrent = maxConcurrent
            self.models = models
        }
    }

    /// The built-in providers: Ollama, OpenAI, Anthropic, OpenRouter.
    public static let providers: [ProviderDefault] = [
        ProviderDefault(name: "ollama", kind: .ollama, baseURL: ollamaURL, keyVariable: nil,
                        keyRequired: false, maxConcurrent: 2, models: []),
        ProviderDefault(name: "openai", kind: .openAICompatible, baseURL: "https://api.openai.com/v1",
                        keyVariable: "OPENAI_API_KEY", keyRequired: true, maxConcurrent: 4, models: []),
        ProviderDefault(name: "anthropic", kind: .anthropic, baseURL: "https://api.anthropic.com",
                        keyVariable: "ANTHROPIC_API_KEY", keyRequired: true, maxConcurrent: 4, models: []),
        ProviderDefault(name: "openrouter", kind: .openAICompatible, baseURL: "https://openrouter.ai/api/v1",
                        keyVariable: "OPENROUTER_API_KEY", keyRequired: true, maxConcurrent: 4, models: []),
    ]

    /// The default custom endpoints: `local`, a llama.cpp server with Gemma 3 270M, no key.
    public static let endpoints: [ProviderDefault] = [
        ProviderDefault(name: "local", kind: .openAICompatible, baseURL: "http://127.0.0.1:8080/v1",
                        keyVariable: nil, keyRequired: false, maxConcurrent: 1, models: ["gemma-3-270m"]),
    ]
}
