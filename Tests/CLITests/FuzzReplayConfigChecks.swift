@testable import AtelierCLI
import Core
import TestSupport

// Invariant checks of the `config` harness, compiled both into the libFuzzer harness by
// `Tests/Fuzz/build.sh` and into CLITests by the replay tests.

/// The `config` harness: the bytes are `config.json`, loaded with `ConfigLoader.load(contents:)`
/// in a fixed environment (nothing is read from disk). It never crashes; a refusal is a
/// `ConfigError` with a message and, for a malformed file that is UTF-8, a line (and a
/// column within that line for syntax errors); a loaded config keeps `ResolvedConfig`'s
/// invariants: base URLs absolute http(s) and already normalised, limits in 1...256,
/// timeouts positive and finite, provider names lower case, warnings non-empty.
enum ConfigFuzzCheck {
    static let environment = ConfigEnvironment(variables: ["HOME": "/home/fuzz"], currentDirectory: "/home/fuzz")

    static func run(_ bytes: [UInt8]) -> FuzzFailures {
        var failures = FuzzFailures()
        let limit = 4 * bytes.count + 2_000
        let config: ResolvedConfig
        do {
            config = try ConfigLoader.load(contents: bytes, environment: environment)
        } catch {
            failures.expect(!error.message.isEmpty && error.message.count <= limit,
                            "the error message is empty or \(error.message.count) characters long")
            failures.expect(error.kind == .malformedFile || error.kind == .invalidValue,
                            "refused as \(error.kind): \(error.description)")
            let isText = String(validating: bytes, as: UTF8.self) != nil
            if error.kind == .malformedFile, isText {
                failures.expect(error.line != nil, "a malformed-file error without a line: \(error.description)")
            }
            if let line = error.line {
                let lines = bytes.reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
                failures.expect(line >= 1 && line <= lines, "line \(line) of a \(lines)-line file: \(error.description)")
            }
            if let column = error.column { failures.expect(column >= 1, "column \(column): \(error.description)") }
            return failures
        }
        for warning in config.warnings { failures.expect(!warning.isEmpty, "an empty warning") }
        for (name, provider) in config.providers {
            failures.expect(name == name.lowercased() && name == provider.name, "provider \(name.debugDescription) named \(provider.name.debugDescription)")
            failures.expect((1...256).contains(provider.maxConcurrent), "\(name): max_concurrent \(provider.maxConcurrent)")
            checkURL(provider.baseURL, "\(name) base URL", failures: &failures)
            checkTimeouts(provider.timeouts, name, failures: &failures)
        }
        checkURL(config.comfyUIURL, "ComfyUI URL", failures: &failures)
        checkTimeouts(config.timeouts, "global", failures: &failures)
        return failures
    }

    static func checkURL(_ url: String, _ label: String, failures: inout FuzzFailures) {
        failures.expect(url.hasPrefix("http://") || url.hasPrefix("https://"), "\(label) \(url.debugDescription) is not http(s)")
        failures.expect(!url.hasSuffix("/"), "\(label) \(url.debugDescription) ends in a slash")
        do {
            let again = try BaseURL.normalize(url)
            failures.expect(again == url, "\(label) \(url.debugDescription) normalises again to \(again.debugDescription)")
        } catch {
            failures.fail("\(label) \(url.debugDescription) is refused when checked again: \(error.message)")
        }
    }

    static func checkTimeouts(_ timeouts: Timeouts, _ label: String, failures: inout FuzzFailures) {
        for value in [timeouts.connect, timeouts.firstByte, timeouts.stall, timeouts.request] {
            failures.expect(value.isFinite && value > 0, "\(label) timeout \(value)")
        }
    }
}
