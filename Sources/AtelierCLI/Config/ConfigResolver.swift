import Core

/// Merges the built-in defaults, the config file and the environment (in rising order of
/// precedence) into one validated `ResolvedConfig`. Environment variables that win:
/// `OLLAMA_HOST`, `OPENAI_BASE_URL`, `ANTHROPIC_BASE_URL`, `COMFYUI_URL`; keys are not read
/// here (see `SecretLoader`). Every error names the file, line and field it comes from.
/// A value used once by one caller.
struct ConfigResolver {
    let config: AtelierConfig
    let paths: AtelierPaths
    let environment: ConfigEnvironment
    let locator: JSONLocator?
    var warnings: [String] = []

    /// The environment variable that overrides each provider's base URL.
    static let baseURLVariables: [String: String] = [
        "ollama": "OLLAMA_HOST", "openai": "OPENAI_BASE_URL", "anthropic": "ANTHROPIC_BASE_URL",
    ]

    init(config: AtelierConfig, paths: AtelierPaths, environment: ConfigEnvironment, locator: JSONLocator?) {
        self.config = config
        self.paths = paths
        self.environment = environment
        self.locator = locator
    }

    mutating func resolve() throws(ConfigError) -> ResolvedConfig {
        let timeouts = try checked(AtelierDefaults.timeouts.merged(with: config.timeouts), at: ["timeouts"])
        var providers: [String: ResolvedProvider] = [:]
        for base in AtelierDefaults.providers {
            let settings = config.providers?.first { $0.key.lowercased() == base.name }?.value
            if let provider = try provider(base, settings, section: "providers", timeouts: timeouts) {
                providers[base.name] = provider
            }
        }
        for entry in try endpointEntries() {
            if let provider = try provider(entry.base, entry.settings, section: "endpoints", timeouts: timeouts,
                                           key: entry.key) {
                providers[entry.base.name] = provider
            }
        }
        let comfy = try comfyUI()
        return ResolvedConfig(paths: paths, defaultModel: try defaultModel(), roles: try roles(),
                              providers: providers, modelOverrides: try modelOverrides(), timeouts: timeouts,
                              comfyUIURL: comfy.url, comfyUIURLOrigin: comfy.origin, warnings: warnings)
    }

    // MARK: providers

    /// One endpoint to resolve: its defaults (or a blank base), its key in the file, its settings.
    private struct EndpointEntry {
        var base: AtelierDefaults.ProviderDefault
        var key: String
        var settings: ProviderSettings?
    }

    /// Default endpoints merged with the config's.
    private func endpointEntries() throws(ConfigError) -> [EndpointEntry] {
        var result: [EndpointEntry] = []
        var seen = Set<String>()
        for (key, settings) in (config.endpoints ?? [:]).sorted(by: { $0.key < $1.key }) {
            let name = key.lowercased()
            guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) })
            else {
                throw problem("an endpoint name may hold only letters, digits, '-', '_' and '.'", at: ["endpoints", key],
                              hint: "rename it, e.g. \"gpu-box\"")
            }
            if AtelierDefaults.builtInProviderNames.contains(name) {
                throw problem("\"\(name)\" is a built-in provider, not an endpoint", at: ["endpoints", key],
                              hint: "configure it under \"providers\": { \"\(name)\": { … } }")
            }
            let base = AtelierDefaults.endpoints.first { $0.name == name }
                ?? AtelierDefaults.ProviderDefault(name: name, kind: .openAICompatible, baseURL: "", keyVariable: nil,
                                                   keyRequired: false, maxConcurrent: 4, models: [])
            if base.baseURL.isEmpty && settings.baseURL == nil && settings.enabled != false {
                throw problem("an endpoint needs a base_url", at: ["endpoints", key],
                              hint: "add \"base_url\": \"http://host:port/v1\"")
            }
            seen.insert(name)
            result.append(EndpointEntry(base: base, key: key, settings: settings))
        }
        for base in AtelierDefaults.endpoints where !seen.contains(base.name) {
            result.append(EndpointEntry(base: base, key: base.name, settings: nil))
        }
        return result
    }

    private mutating func provider(_ base: AtelierDefaults.ProviderDefault, _ settings: ProviderSettings?,
                                   section: String, timeouts: Timeouts, key: String? = nil)
        throws(ConfigError) -> ResolvedProvider? {
        if settings?.enabled == false { return nil }
        let path = [section, key ?? base.name]
        var baseURL = base.baseURL
        var origin = ValueOrigin.builtInDefault
        if let configured = settings?.baseURL {
            baseURL = try url(configured, at: path + ["base_url"])
            origin = .configFile
        }
        if let variable = Self.baseURLVariables[base.name], let value = environment[variable] {
            baseURL = try environmentURL(variable, value)
            origin = .environment(variable)
        }
        let maxConcurrent = settings?.maxConcurrent ?? base.maxConcurrent
        guard (1...256).contains(maxConcurrent) else {
            throw problem("must be between 1 and 256", at: path + ["max_concurrent"])
        }
        let models = settings?.models ?? base.models
        if let index = models.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            throw problem("a model id is empty", at: path + ["models", String(index)])
        }
        return ResolvedProvider(
            name: base.name, kind: base.kind, baseURL: baseURL, baseURLOrigin: origin,
            key: try keySource(base, settings, at: path), maxConcurrent: maxConcurrent,
            timeouts: try checked(timeouts.merged(with: settings?.timeouts), at: path + ["timeouts"]),
            models: models, isLocal: base.kind == .ollama || BaseURL.host(of: baseURL).map(BaseURL.isLocalHost) == true)
    }

    private func keySource(_ base: AtelierDefaults.ProviderDefault, _ settings: ProviderSettings?,
                           at path: [String]) throws(ConfigError) -> KeySource {
        var variable = base.keyVariable
        if let named = settings?.apiKeyEnv {
            // Never echo the value: a key pasted here by mistake must not reach the screen.
            guard !named.isEmpty, named.count <= 64,
                  named.allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber || $0 == "_") }),
                  named.first?.isNumber == false
            else {
                throw problem("must be the NAME of an environment variable (upper case, digits, '_'), not the key itself",
                              at: path + ["api_key_env"], hint: "write e.g. \"api_key_env\": \"MY_SERVER_API_KEY\"")
            }
            variable = named
        }
        var file: String?
        if let given = settings?.apiKeyFile, !given.isEmpty {
            let configFolder = String(paths.configFile.split(separator: "/").dropLast().joined(separator: "/"))
            file = environment.absolutePath(given, relativeTo: "/" + configFolder)
        }
        let required = base.keyRequired || settings?.apiKeyEnv != nil || file != nil
        return KeySource(environmentVariable: variable, configFile: file, required: required)
    }

    // MARK: models, roles, ComfyUI

    private func defaultModel() throws(ConfigError) -> ModelRef {
        guard let text = config.defaultModel else { return AtelierDefaults.defaultModel }
        return try modelRef(text, at: ["default_model"])
    }

    private func roles() throws(ConfigError) -> [String: ModelRef] {
        var result: [String: ModelRef] = [:]
        for (role, text) in config.roles ?? [:] {
            result[role.lowercased()] = try modelRef(text, at: ["roles", role])
        }
        return result
    }

    private func modelOverrides() throws(ConfigError) -> [ModelRef: ModelOverride] {
        var result: [ModelRef: ModelOverride] = [:]
        for (key, override) in config.models ?? [:] {
            let ref = try modelRef(key, at: ["models", key])
            let path = ["models", key]
            if let value = override.contextWindow, value <= 0 {
                throw problem("must be a positive number of tokens", at: path + ["context_window"])
            }
            if let value = override.maxOutput, value <= 0 {
                throw problem("must be a positive number of tokens", at: path + ["max_output"])
            }
            for (field, price) in [("price_per_1k_input", override.pricePer1kInput),
                                   ("price_per_1k_output", override.pricePer1kOutput)] {
                if let price, !(price >= 0 && price.isFinite) {
                    throw problem("must be a price in dollars per 1,000 tokens, 0 or more", at: path + [field])
                }
            }
            result[ref] = override
        }
        return result
    }

    private mutating func comfyUI() throws(ConfigError) -> (url: String, origin: ValueOrigin) {
        if let value = environment["COMFYUI_URL"] {
            return (try environmentURL("COMFYUI_URL", value), .environment("COMFYUI_URL"))
        }
        if let configured = config.comfyuiURL {
            return (try url(configured, at: ["comfyui_url"]), .configFile)
        }
        return (AtelierDefaults.comfyUIURL, .builtInDefault)
    }

    // MARK: checks

    private func modelRef(_ text: String, at path: [String]) throws(ConfigError) -> ModelRef {
        guard let ref = ModelRef(parsing: text) else {
            throw problem("\"\(text)\" is not provider:model", at: path,
                          hint: "write it like \"ollama:llama3.2\" or \"openai:gpt-4o-mini\"")
        }
        return ref
    }

    private func url(_ text: String, at path: [String]) throws(ConfigError) -> String {
        do {
            return try BaseURL.normalize(text)
        } catch {
            throw problem(error.message, at: path, hint: error.hint)
        }
    }

    private mutating func environmentURL(_ variable: String, _ value: String) throws(ConfigError) -> String {
        do {
            if variable == "OLLAMA_HOST" {
                let result = try OllamaHost.normalize(value)
                if let warning = result.warning { warnings.append(warning) }
                return result.url
            }
            return try BaseURL.normalize(value)
        } catch {
            throw ConfigError(.invalidValue, "\(variable): \(error.message)", field: variable, hint: error.hint)
        }
    }

    private func checked(_ timeouts: Timeouts, at path: [String]) throws(ConfigError) -> Timeouts {
        for (name, value) in [("connect", timeouts.connect), ("first_byte", timeouts.firstByte),
                              ("stall", timeouts.stall), ("request", timeouts.request)]
        where !(value > 0 && value.isFinite) {
            throw problem("must be a positive number of seconds", at: path + [name])
        }
        return timeouts
    }

    private func problem(_ message: String, at path: [String], hint: String? = nil) -> ConfigError {
        ConfigError(.invalidValue, message, file: paths.configFile, line: locator?.line(of: path),
                    field: FieldPath.display(path), hint: hint)
    }
}
