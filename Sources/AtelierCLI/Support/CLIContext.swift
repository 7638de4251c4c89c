import Core
import Foundation
import Store

/// What every verb needs from the outside world: the environment (injected, so tests can
/// run verbs in-process with their own), the standard streams, configuration loading,
/// the database, and secret redaction. Made once per command by the runner; used on the
/// verb's task.
public struct CLIContext: Sendable {
    public var environment: [String: String]
    public var currentDirectory: String
    public var streams: StandardStreams

    public init(environment: [String: String], currentDirectory: String = FileManager.default.currentDirectoryPath,
                streams: StandardStreams) {
        self.environment = environment
        self.currentDirectory = currentDirectory
        self.streams = streams
    }

    public var configEnvironment: ConfigEnvironment {
        ConfigEnvironment(variables: environment, currentDirectory: currentDirectory)
    }

    /// Resolves config file and environment into one value and prints its warnings on
    /// standard error. A malformed file is a configuration error naming the file and line.
    public func loadConfig() throws -> ResolvedConfig {
        let config: ResolvedConfig
        do {
            config = try ConfigLoader.load(configEnvironment)
        } catch {
            throw CLIError(redact(error.description), code: .configuration)
        }
        for warning in config.warnings {
            // A warning quotes the config file's own keys, which may hold any text.
            streams.errUntrusted("atelier: warning: \(warning)\n")
        }
        return config
    }

    /// Keys for every configured provider (problems are kept per provider, reported when used).
    public func credentials(for config: ResolvedConfig) -> Credentials {
        SecretLoader(environment: configEnvironment).credentials(for: config)
    }

    /// The database file inside the data directory.
    public func databasePath(_ config: ResolvedConfig) -> String {
        (config.paths.dataDirectory as NSString).appendingPathComponent("atelier.db")
    }

    /// Opens (creating and migrating if needed) the database.
    public func openStore(_ config: ResolvedConfig) throws -> Store {
        let path = databasePath(config)
        do {
            return try Store(path: path)
        } catch let error as StoreError {
            throw CLIError("cannot open the database \(path): \(error.description)", code: .storage)
        }
    }

    /// Removes every secret value this process knows of from a message before it is shown:
    /// any environment variable that names a key, and the contents of key files named by
    /// `*_FILE` variables are not read here (their values never reach messages: the
    /// providers redact with the loaded keys).
    public func redact(_ message: String) -> String {
        var result = message
        for (name, value) in environment where (name.hasSuffix("_API_KEY") || name.hasSuffix("_TOKEN")) {
            let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.count >= Redactor.minimumLength {
                result = result.replacingOccurrences(of: trimmed, with: Redactor.placeholder)
            }
        }
        return result
    }
}

extension CLIContext {
    /// Opens the database, runs `body`, and closes it (writing any buffered text) whether
    /// `body` succeeds or throws.
    public func withStore<T>(_ config: ResolvedConfig, _ body: (Store) async throws -> T) async throws -> T {
        let store = try openStore(config)
        do {
            let result = try await body(store)
            try await store.close()
            return result
        } catch {
            try? await store.close()
            throw error
        }
    }
}
