/// The wire protocol a provider speaks; decides which client the app builds for it.
public enum ProviderKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// Ollama's native `/api/chat` (NDJSON).
    case ollama
    /// `/v1/chat/completions` (SSE): OpenAI, OpenRouter, llama.cpp, vLLM, custom endpoints.
    case openAICompatible = "openai-compatible"
    /// Anthropic's `/v1/messages` (SSE).
    case anthropic
}

/// One provider as the app will use it: protocol, base URL, where its key comes from,
/// concurrency and timeouts. Holds no key. A plain value; any actor may read it.
public struct ResolvedProvider: Sendable, Hashable, Codable {
    /// The name used in `name:model` (lower case).
    public var name: String
    public var kind: ProviderKind
    /// Absolute http(s) URL without trailing slash or credentials.
    public var baseURL: String
    public var baseURLOrigin: ValueOrigin
    /// Where the API key is looked for.
    public var key: KeySource
    /// At least 1.
    public var maxConcurrent: Int
    public var timeouts: Timeouts
    /// Model ids the config says this server serves (before any discovery).
    public var models: [String]
    /// True for Ollama and for endpoints on loopback or private addresses: their models cost nothing.
    public var isLocal: Bool

    public init(name: String, kind: ProviderKind, baseURL: String, baseURLOrigin: ValueOrigin = .builtInDefault,
                key: KeySource = KeySource(), maxConcurrent: Int, timeouts: Timeouts, models: [String] = [],
                isLocal: Bool) {
        self.name = name
        self.kind = kind
        self.baseURL = baseURL
        self.baseURLOrigin = baseURLOrigin
        self.key = key
        self.maxConcurrent = maxConcurrent
        self.timeouts = timeouts
        self.models = models
        self.isLocal = isLocal
    }
}

/// Where a provider's API key may be found, in the order they are tried: the environment
/// variable, the file named by `<variable>_FILE`, then the file named in the config.
/// Names only, never the key. A plain value.
public struct KeySource: Sendable, Hashable, Codable {
    /// e.g. `OPENAI_API_KEY`; nil when the provider has no key variable.
    public var environmentVariable: String?
    /// Absolute path from `api_key_file` in the config, if any.
    public var configFile: String?
    /// Whether requests fail without a key (true for OpenAI, Anthropic, OpenRouter).
    public var required: Bool

    public init(environmentVariable: String? = nil, configFile: String? = nil, required: Bool = false) {
        self.environmentVariable = environmentVariable
        self.configFile = configFile
        self.required = required
    }

    /// The variable naming a key file: `<environmentVariable>_FILE`.
    public var fileEnvironmentVariable: String? { environmentVariable.map { $0 + "_FILE" } }

    /// True when no source is configured at all.
    public var isEmpty: Bool { environmentVariable == nil && configFile == nil }
}
