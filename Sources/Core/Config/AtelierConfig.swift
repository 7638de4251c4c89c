/// The contents of `config.json` exactly as a person writes it: every field optional, JSON
/// keys in snake_case. It is only read, never written back (a malformed file is reported
/// and left alone). `ResolvedConfig` is what the rest of the app uses; this is the file format.
///
/// ```json
/// {
///   "default_model": "ollama:llama3.2",
///   "roles": { "luna": "anthropic:claude-sonnet-4-5", "lens": "openai:gpt-4.1-mini" },
///   "providers": { "ollama": { "base_url": "http://gpu-box:11434", "max_concurrent": 2 } },
///   "endpoints": { "vllm": { "base_url": "http://gpu-box:8000/v1", "api_key_env": "VLLM_KEY",
///                            "models": ["qwen2.5-7b-instruct"] } },
///   "models": { "openai:gpt-4o": { "price_per_1k_input": 0.0025, "context_window": 128000 } },
///   "timeouts": { "connect": 10, "first_byte": 120, "stall": 60, "request": 600 },
///   "comfyui_url": "http://gpu-box:8188",
///   "comfyui_unload_ollama": true
/// }
/// ```
///
/// A plain value; any actor may make or read one.
public struct AtelierConfig: Sendable, Hashable, Codable {
    /// `provider:model` used when nothing else is chosen.
    public var defaultModel: String?
    /// Role name (`luna`, `frame`, `saga`, `pixel`, `lens`, …) to `provider:model`.
    public var roles: [String: String]?
    /// Settings of the built-in providers, keyed `ollama`, `openai`, `anthropic`, `openrouter`.
    public var providers: [String: ProviderSettings]?
    /// Custom OpenAI-compatible servers, keyed by the provider name used in `name:model`.
    public var endpoints: [String: ProviderSettings]?
    /// Per-model overrides keyed by `provider:model`; they win over built-in and discovered facts.
    public var models: [String: ModelOverride]?
    /// Default timeouts for every provider.
    public var timeouts: TimeoutSettings?
    /// Base URL of the ComfyUI server.
    public var comfyuiURL: String?
    /// One GPU shared by ComfyUI and Ollama: unload Ollama's models before each ComfyUI job.
    public var comfyuiUnloadOllama: Bool?

    public init(defaultModel: String? = nil, roles: [String: String]? = nil,
                providers: [String: ProviderSettings]? = nil, endpoints: [String: ProviderSettings]? = nil,
                models: [String: ModelOverride]? = nil, timeouts: TimeoutSettings? = nil, comfyuiURL: String? = nil,
                comfyuiUnloadOllama: Bool? = nil) {
        self.defaultModel = defaultModel
        self.roles = roles
        self.providers = providers
        self.endpoints = endpoints
        self.models = models
        self.timeouts = timeouts
        self.comfyuiURL = comfyuiURL
        self.comfyuiUnloadOllama = comfyuiUnloadOllama
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case defaultModel = "default_model"
        case roles, providers, endpoints, models, timeouts
        case comfyuiURL = "comfyui_url"
        case comfyuiUnloadOllama = "comfyui_unload_ollama"
    }

    /// The top-level keys the file may hold (anything else is reported as unknown).
    public static let knownKeys: Set<String> = Set(CodingKeys.allCases.map(\.rawValue))
}
