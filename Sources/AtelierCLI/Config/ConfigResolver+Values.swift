import Core

/// Resolution of single values: key sources, models, roles, ComfyUI, and the checks that
/// turn a bad value into a `ConfigError` naming its file, line and field.
extension ConfigResolver {
    func keySource(_ base: AtelierDefaults.ProviderDefault, _ settings: ProviderSettings?,
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

    func defaultModel() throws(ConfigError) -> ModelRef {
        guard let text = config.defaultModel else { return AtelierDefaults.defaultModel }
        return try modelRef(text, at: ["default_model"])
    }

    func roles() throws(ConfigError) -> [String: ModelRef] {
        var result: [String: ModelRef] = [:]
        for (role, text) in config.roles ?? [:] {
            result[role.lowercased()] = try modelRef(text, at: ["roles", role])
        }
        return result
    }

    func modelOverrides() throws(ConfigError) -> [ModelRef: ModelOverride] {
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

    mutating func comfyUI() throws(ConfigError) -> (url: String, origin: ValueOrigin) {
        if let value = environment["COMFYUI_URL"] {
            return (try environmentURL("COMFYUI_URL", value), .environment("COMFYUI_URL"))
        }
        if let configured = config.comfyuiURL {
            return (try url(configured, at: ["comfyui_url"]), .configFile)
        }
        return (AtelierDefaults.comfyUIURL, .builtInDefault)
    }

    // MARK: checks

    func modelRef(_ text: String, at path: [String]) throws(ConfigError) -> ModelRef {
        guard let ref = ModelRef(parsing: text) else {
            throw problem("\"\(text)\" is not provider:model", at: path,
                          hint: "write it like \"ollama:llama3.2\" or \"openai:gpt-4o-mini\"")
        }
        return ref
    }

    func url(_ text: String, at path: [String]) throws(ConfigError) -> String {
        do {
            return try BaseURL.normalize(text)
        } catch {
            throw problem(error.message, at: path, hint: error.hint)
        }
    }

    mutating func environmentURL(_ variable: String, _ value: String) throws(ConfigError) -> String {
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

    func checked(_ timeouts: Timeouts, at path: [String]) throws(ConfigError) -> Timeouts {
        for (name, value) in [("connect", timeouts.connect), ("first_byte", timeouts.firstByte),
                              ("stall", timeouts.stall), ("request", timeouts.request)]
        where !(value > 0 && value.isFinite) {
            throw problem("must be a positive number of seconds", at: path + [name])
        }
        return timeouts
    }

    func problem(_ message: String, at path: [String], hint: String? = nil) -> ConfigError {
        ConfigError(.invalidValue, message, file: paths.configFile, line: locator?.line(of: path),
                    field: FieldPath.display(path), hint: hint)
    }
}
