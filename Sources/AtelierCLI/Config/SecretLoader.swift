import Core
import Foundation

/// Finds a provider's API key, in this order: the environment variable (`OPENAI_API_KEY`,
/// or the endpoint's `api_key_env`), the file named by `<VARIABLE>_FILE`, then the config's
/// `api_key_file`. A key file must be a regular file that group and others can neither
/// read nor write (0600 or 0400); surrounding whitespace is trimmed; an empty file or a key
/// with spaces or control characters is refused. Errors name variables and paths, never
/// the key. A plain value; any actor may use it.
public struct SecretLoader: Sendable {
    /// Key files larger than this are refused.
    public static let maximumKeyFileSize = 64 * 1024

    public let environment: ConfigEnvironment

    public init(environment: ConfigEnvironment) {
        self.environment = environment
    }

    /// The key for `provider`; nil when it needs none and none is configured.
    public func secret(for provider: ResolvedProvider) throws(ConfigError) -> Secret? {
        let source = provider.key
        if let variable = source.environmentVariable, let value = environment[variable] {
            return try checkedKey(value, from: "$\(variable)", provider: provider.name)
        }
        if let variable = source.fileEnvironmentVariable, let path = environment[variable] {
            return try readKeyFile(environment.absolutePath(path), namedBy: variable, provider: provider.name)
        }
        if let path = source.configFile {
            return try readKeyFile(path, namedBy: "api_key_file in the config", provider: provider.name)
        }
        guard source.required else { return nil }
        throw missingKey(provider)
    }

    /// Every provider's key or the reason it has none; never throws, so one provider's
    /// missing key does not stop the others.
    public func credentials(for config: ResolvedConfig) -> Credentials {
        var entries: [String: Result<Secret?, ConfigError>] = [:]
        for (name, provider) in config.providers {
            do {
                entries[name] = .success(try secret(for: provider))
            } catch {
                entries[name] = .failure(error)
            }
        }
        return Credentials(entries)
    }

    /// Reads and checks one key file.
    func readKeyFile(_ path: String, namedBy origin: String, provider: String) throws(ConfigError) -> Secret {
        let shown = Self.displayable(path) ? path : "(path hidden: it looks like a key, not a file name)"
        switch FileReader.contents(of: path, limit: Self.maximumKeyFileSize) {
        case .success(let contents):
            guard contents.permissions & 0o077 == 0 else {
                throw ConfigError(.insecureKeyFile,
                                  "key file for \(provider) is readable or writable by group or others (mode "
                                      + Self.octal(contents.permissions) + "); it was not used",
                                  file: path, field: origin, hint: "chmod 600 \(Self.shellQuoted(path))")
            }
            guard let text = String(bytes: contents.bytes, encoding: .utf8) else {
                throw ConfigError(.unreadableKeyFile, "key file for \(provider) is not UTF-8 text", file: path,
                                  field: origin, hint: "the file must hold only the key")
            }
            let key = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !key.isEmpty else {
                throw ConfigError(.emptyKeyFile, "key file for \(provider) is empty, so there is no key", file: path,
                                  field: origin, hint: "write the key into \(Self.shellQuoted(path)) (one line)")
            }
            return try checkedKey(key, from: "key file \(path)", provider: provider)
        case .failure(.notFound):
            throw ConfigError(.unreadableKeyFile, "key file for \(provider) does not exist: \(shown)", field: origin,
                              hint: "create it with the key on one line and chmod 600, or correct \(origin)")
        case .failure(.permissionDenied):
            throw ConfigError(.unreadableKeyFile, "key file for \(provider) cannot be read (permission denied)",
                              file: path, field: origin, hint: "it must belong to you, with chmod 600")
        case .failure(.notRegularFile):
            throw ConfigError(.unreadableKeyFile, "key file for \(provider) is not a regular file", file: path,
                              field: origin, hint: "name a file holding only the key")
        case .failure(.tooLarge(let limit)):
            throw ConfigError(.unreadableKeyFile, "key file for \(provider) is larger than \(limit / 1024) KB",
                              file: path, field: origin, hint: "the file must hold only the key")
        case .failure(.failed(let reason)):
            throw ConfigError(.unreadableKeyFile, "key file for \(provider) cannot be read: \(reason)", file: path,
                              field: origin)
        }
    }

    /// A key must be printable ASCII without spaces: anything else could break the header.
    private func checkedKey(_ key: String, from origin: String, provider: String) throws(ConfigError) -> Secret {
        guard key.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
            throw ConfigError(.invalidKey,
                              "the \(provider) key from \(origin) contains spaces, control or non-ASCII characters",
                              hint: "it must hold only the key itself")
        }
        return Secret(key)
    }

    private func missingKey(_ provider: ResolvedProvider) -> ConfigError {
        let source = provider.key
        if let variable = source.environmentVariable, let fileVariable = source.fileEnvironmentVariable {
            return ConfigError(.missingKey, "no API key for \(provider.name): \(variable) is not set",
                               field: variable,
                               hint: "export \(variable)=…, or put the key in a file, chmod 600 it and set "
                                   + "\(fileVariable)=/path/to/file")
        }
        return ConfigError(.missingKey, "no API key for \(provider.name)",
                           hint: "set api_key_env or api_key_file for \(provider.name) in the config")
    }

    /// False when a path's last part looks like a pasted key rather than a file name.
    static func displayable(_ path: String) -> Bool {
        let last = path.split(separator: "/").last.map(String.init) ?? path
        return last.count < 24 || last.contains(".")
    }

    static func octal(_ permissions: UInt32) -> String {
        let digits = String(permissions, radix: 8)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// The path as one shell word (single-quoted when it holds anything unusual).
    static func shellQuoted(_ path: String) -> String {
        let plain = path.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "/._-+:@%,".contains($0)) }
        return plain ? path : "'" + path.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
