import Core
import Foundation

/// Loads the configuration: finds the files (`PathResolver`), reads and checks
/// `config.json`, then merges defaults, file and environment (`ConfigResolver`).
/// A missing file means the defaults; a malformed one is an error naming the file, line,
/// column and field — the file is only ever read, never rewritten. Pure apart from reading
/// that one file; any actor may call it.
public enum ConfigLoader {
    /// Config files larger than this are refused (a config is a few kilobytes).
    public static let maximumFileSize = 1 << 20

    /// The whole configuration for this environment.
    public static func load(_ environment: ConfigEnvironment) throws(ConfigError) -> ResolvedConfig {
        var paths = try PathResolver.resolve(environment)
        let file = paths.configFile
        switch FileReader.contents(of: file, limit: maximumFileSize) {
        case .success(let contents):
            paths.configFileFound = true
            return try resolve(contents.bytes, paths: paths, environment: environment)
        case .failure(.notFound):
            var resolver = ConfigResolver(config: AtelierConfig(), paths: paths, environment: environment, locator: nil)
            return try resolver.resolve()
        case .failure(let failure):
            throw unreadable(file, failure)
        }
    }

    /// The whole configuration from config text already read, as `load` makes it from the
    /// file's bytes (the file named by the environment's paths, which is not read).
    public static func load(contents bytes: [UInt8], environment: ConfigEnvironment) throws(ConfigError) -> ResolvedConfig {
        var paths = try PathResolver.resolve(environment)
        paths.configFileFound = true
        return try resolve(bytes, paths: paths, environment: environment)
    }

    private static func resolve(_ bytes: [UInt8], paths: AtelierPaths,
                                environment: ConfigEnvironment) throws(ConfigError) -> ResolvedConfig {
        let parsed = try parse(bytes, file: paths.configFile)
        var resolver = ConfigResolver(config: parsed.config, paths: paths, environment: environment, locator: parsed.locator)
        resolver.warnings = parsed.warnings
        return try resolver.resolve()
    }

    /// Decodes config text, reporting syntax errors by line and column and type errors by
    /// field (and line); also returns warnings for unknown keys.
    static func parse(_ bytes: [UInt8], file: String) throws(ConfigError)
        -> (config: AtelierConfig, locator: JSONLocator?, warnings: [String]) {
        guard String(bytes: bytes, encoding: .utf8) != nil else {
            throw ConfigError(.malformedFile, "the file is not UTF-8 text", file: file,
                              hint: "save it as UTF-8 JSON")
        }
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            return (AtelierConfig(), nil, ["\(file): the file is empty; using the defaults"])
        }
        let locator = JSONLocator(bytes)
        if let syntax = locator.syntaxError {
            throw ConfigError(.malformedFile, "not valid JSON: \(syntax.message)", file: file,
                              line: syntax.line, column: syntax.column,
                              hint: "correct the JSON at that line; the file is left untouched")
        }
        guard locator.topLevelIsObject else {
            throw ConfigError(.malformedFile, "the top level must be a JSON object { … }", file: file, line: 1,
                              hint: "wrap the settings in { }")
        }
        let config: AtelierConfig
        do {
            config = try JSONDecoder().decode(AtelierConfig.self, from: Data(bytes))
        } catch let error as DecodingError {
            throw decodingProblem(error, file: file, locator: locator)
        } catch {
            throw ConfigError(.malformedFile, "cannot be decoded: \(error)", file: file)
        }
        return (config, locator, UnknownKeys.warnings(locator, file: file))
    }

    private static func decodingProblem(_ error: DecodingError, file: String, locator: JSONLocator) -> ConfigError {
        let context: DecodingError.Context
        let message: String
        switch error {
        case .typeMismatch(let type, let ctx):
            context = ctx
            message = "expected \(describe(type))" + found(in: ctx.debugDescription)
        case .valueNotFound(let type, let ctx):
            context = ctx
            message = "null is not allowed here; expected \(describe(type)) (or leave the key out)"
        case .keyNotFound(let key, let ctx):
            context = ctx
            message = "the key \"\(key.stringValue)\" is required"
        case .dataCorrupted(let ctx):
            context = ctx
            message = "invalid value: \(ctx.debugDescription)"
        @unknown default:
            return ConfigError(.malformedFile, "cannot be decoded: \(error)", file: file)
        }
        let path = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }
        return ConfigError(.malformedFile, message, file: file, line: locator.line(of: path),
                           field: path.isEmpty ? nil : FieldPath.display(path),
                           hint: "correct that value; the file is left untouched")
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type: "a whole number"
        case is Double.Type: "a number"
        case is String.Type: "text in double quotes"
        case is Bool.Type: "true or false"
        case is [String].Type: "a list of texts [\"…\"]"
        default: String(describing: type).hasPrefix("Array") ? "a list [ … ]" : "an object { … }"
        }
    }

    /// `, found a string` from Foundation's "Expected to decode Int but found a string instead."
    private static func found(in description: String) -> String {
        guard let start = description.range(of: "but found ") else { return "" }
        var rest = description[start.upperBound...]
        if let end = rest.range(of: " instead") { rest = rest[..<end.lowerBound] }
        return ", found " + rest
    }

    private static func unreadable(_ file: String, _ failure: FileReader.Failure) -> ConfigError {
        switch failure {
        case .notFound:
            ConfigError(.unreadableFile, "the config file does not exist", file: file)
        case .permissionDenied:
            ConfigError(.unreadableFile, "the config file cannot be read (permission denied)", file: file,
                        hint: "chmod 600 \(file)")
        case .notRegularFile:
            ConfigError(.unreadableFile, "the config path is not a regular file", file: file,
                        hint: "make it a JSON file, or set ATELIER_HOME to another folder")
        case .tooLarge(let limit):
            ConfigError(.unreadableFile, "the config file is larger than \(limit / 1024) KB", file: file)
        case .failed(let reason):
            ConfigError(.unreadableFile, "the config file cannot be read: \(reason)", file: file)
        }
    }
}

/// Shows a JSON path as a person writes it: `providers.ollama.base_url`,
/// `models."openai:gpt-4.1".context_window`, `endpoints.local.models[0]`.
enum FieldPath {
    static func display(_ path: [String]) -> String {
        var text = ""
        for component in path {
            if !component.isEmpty, component.allSatisfy(\.isNumber) {
                text += "[\(component)]"
            } else if !component.isEmpty, component.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) {
                text += text.isEmpty ? component : ".\(component)"
            } else {
                text += (text.isEmpty ? "" : ".") + "\"\(component)\""
            }
        }
        return text
    }
}
