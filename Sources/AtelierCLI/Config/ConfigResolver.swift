import Core
import Foundation

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
                              comfyUIURL: comfy.url, comfyUIURLOrigin: comfy.origin, warnings: warnings,
                              unloadOllamaBeforeGeneration: config.comfyuiUnloadOllama ?? false)
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
}
