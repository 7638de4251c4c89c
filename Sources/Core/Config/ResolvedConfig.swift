/// The one configuration the rest of the app uses: defaults, then `config.json`, then the
/// environment, merged and validated. It names where keys come from (`KeySource`), never
/// the keys themselves, so it may be printed, logged or encoded freely.
///
/// Invariants: every base URL is an absolute http(s) URL without credentials, query or a
/// trailing slash; every `maxConcurrent` is at least 1; every timeout is positive;
/// provider names are lower case. A plain value; any actor may read it.
public struct ResolvedConfig: Sendable, Hashable, Codable {
    public var paths: AtelierPaths
    /// The model used when no other is chosen.
    public var defaultModel: ModelRef
    /// Role name (lower case) to model.
    public var roles: [String: ModelRef]
    /// Every enabled provider, keyed by its name (`ollama`, `openai`, `local`, …).
    public var providers: [String: ResolvedProvider]
    /// Per-model facts from the config file, applied over the registry's entries.
    public var modelOverrides: [ModelRef: ModelOverride]
    /// The global timeouts (each provider carries its own merged copy).
    public var timeouts: Timeouts
    /// Base URL of ComfyUI.
    public var comfyUIURL: String
    public var comfyUIURLOrigin: ValueOrigin
    /// Ask Ollama to unload its models before each ComfyUI job (one GPU shared by both).
    public var unloadOllamaBeforeGeneration: Bool
    /// Things a person should know but that do not stop the app (unknown keys, odd values).
    public var warnings: [String]

    public init(paths: AtelierPaths, defaultModel: ModelRef, roles: [String: ModelRef],
                providers: [String: ResolvedProvider], modelOverrides: [ModelRef: ModelOverride],
                timeouts: Timeouts, comfyUIURL: String, comfyUIURLOrigin: ValueOrigin, warnings: [String],
                unloadOllamaBeforeGeneration: Bool = false) {
        self.paths = paths
        self.defaultModel = defaultModel
        self.roles = roles
        self.providers = providers
        self.modelOverrides = modelOverrides
        self.timeouts = timeouts
        self.comfyUIURL = comfyUIURL
        self.comfyUIURLOrigin = comfyUIURLOrigin
        self.unloadOllamaBeforeGeneration = unloadOllamaBeforeGeneration
        self.warnings = warnings
    }

    /// The model for a role, or the default model when the role has none.
    public func model(forRole role: String) -> ModelRef {
        roles[role.lowercased()] ?? defaultModel
    }

    /// Provider names in alphabetical order.
    public var providerNames: [String] { providers.keys.sorted() }
}

/// Where Atelier keeps its files. `ATELIER_HOME` moves both (`$ATELIER_HOME/config.json`,
/// `$ATELIER_HOME/data/`); otherwise the XDG base directories are used. Absolute paths
/// without a trailing slash. A plain value.
public struct AtelierPaths: Sendable, Hashable, Codable {
    /// The config file (it may not exist).
    public var configFile: String
    /// The folder for the database, outputs and logs.
    public var dataDirectory: String
    /// Whether the config file existed when it was loaded.
    public var configFileFound: Bool

    public init(configFile: String, dataDirectory: String, configFileFound: Bool = false) {
        self.configFile = configFile
        self.dataDirectory = dataDirectory
        self.configFileFound = configFileFound
    }
}

/// Where a resolved value came from, so `doctor` can explain it. A plain value.
public enum ValueOrigin: Sendable, Hashable, Codable, CustomStringConvertible {
    case builtInDefault
    case configFile
    /// The named environment variable.
    case environment(String)

    public var description: String {
        switch self {
        case .builtInDefault: "built-in default"
        case .configFile: "config file"
        case .environment(let name): "$\(name)"
        }
    }
}
