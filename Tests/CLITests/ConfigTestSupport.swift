import AtelierCLI
import Foundation

/// A unique temporary folder for one test, removed when the value is released.
final class TemporaryFolder: @unchecked Sendable {
    let path: String

    init() throws {
        let base = FileManager.default.temporaryDirectory.path
        path = base + "/atelier-config-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Writes `text` to `relative` (creating folders) with the given permissions; returns the absolute path.
    @discardableResult
    func write(_ relative: String, _ text: String, mode: Int = 0o600) throws -> String {
        let file = path + "/" + relative
        let folder = (file as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: file))
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: file)
        return file
    }

    /// An environment whose HOME is this folder, plus `extra`.
    func environment(_ extra: [String: String] = [:]) -> ConfigEnvironment {
        var variables = ["HOME": path]
        variables.merge(extra) { $1 }
        return ConfigEnvironment(variables: variables, currentDirectory: path)
    }

    /// Writes `config.json` where `environment()` looks for it (under ~/.config/atelier).
    @discardableResult
    func writeConfig(_ text: String) throws -> String {
        try write(".config/atelier/config.json", text, mode: 0o644)
    }
}

/// Runs `body` and returns the `ConfigError` it throws, or nil.
func configError<T>(_ body: () throws -> T) -> ConfigError? {
    do {
        _ = try body()
        return nil
    } catch {
        return error as? ConfigError
    }
}
