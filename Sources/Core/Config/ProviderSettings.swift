/// How to reach one provider, as written under `providers.<name>` or `endpoints.<name>`.
/// A plain value.
public struct ProviderSettings: Sendable, Hashable, Codable {
    /// Base URL (`http://host:11434`, `https://api.openai.com/v1`, `http://127.0.0.1:8080/v1`).
    public var baseURL: String?
    /// Name of the environment variable holding the API key (its `<NAME>_FILE` twin is honoured too).
    public var apiKeyEnv: String?
    /// Path of a 0600 file holding the API key (`~` expands; relative to the config file's folder).
    public var apiKeyFile: String?
    /// How many requests may run at once against this provider.
    public var maxConcurrent: Int?
    /// Timeouts for this provider, field by field over the global ones.
    public var timeouts: TimeoutSettings?
    /// Model ids this server is known to serve (listed even before discovery).
    public var models: [String]?
    /// `false` removes the provider (e.g. the default `local` endpoint).
    public var enabled: Bool?

    public init(baseURL: String? = nil, apiKeyEnv: String? = nil, apiKeyFile: String? = nil,
                maxConcurrent: Int? = nil, timeouts: TimeoutSettings? = nil, models: [String]? = nil,
                enabled: Bool? = nil) {
        self.baseURL = baseURL
        self.apiKeyEnv = apiKeyEnv
        self.apiKeyFile = apiKeyFile
        self.maxConcurrent = maxConcurrent
        self.timeouts = timeouts
        self.models = models
        self.enabled = enabled
    }

    /// Decodes `max_concurrent` with `decodeNumberIfPresent`, so 2.5 names its field.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        baseURL = try container.decodeIfPresent(String.self, forKey: .baseURL)
        apiKeyEnv = try container.decodeIfPresent(String.self, forKey: .apiKeyEnv)
        apiKeyFile = try container.decodeIfPresent(String.self, forKey: .apiKeyFile)
        maxConcurrent = try container.decodeNumberIfPresent(Int.self, forKey: .maxConcurrent)
        timeouts = try container.decodeIfPresent(TimeoutSettings.self, forKey: .timeouts)
        models = try container.decodeIfPresent([String].self, forKey: .models)
        enabled = try container.decodeIfPresent(Bool.self, forKey: .enabled)
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case baseURL = "base_url"
        case apiKeyEnv = "api_key_env"
        case apiKeyFile = "api_key_file"
        case maxConcurrent = "max_concurrent"
        case timeouts, models, enabled
    }

    /// The keys a provider or endpoint entry may hold.
    public static let knownKeys: Set<String> = Set(CodingKeys.allCases.map(\.rawValue))
}
