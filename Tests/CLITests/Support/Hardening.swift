import Foundation

/// Settings shared by the hardening suites (`Hardening*Tests`): the fast parts run in
/// `make test`; `ATELIER_HARDENING_FULL=1` (set by `make crash-test`, `hostile-test`,
/// `faults-test`, `secrets-test`) raises the trial counts. Each suite prints one
/// `HARDENING <suite>: key=value …` line with its figures, which the make targets show and
/// docs/reliability/ quotes. Stateless; any task may call it.
enum Hardening {
    /// True in the full runs.
    static var isFull: Bool { ProcessInfo.processInfo.environment["ATELIER_HARDENING_FULL"] == "1" }

    /// The fast count in `make test`, the full count in the suite's own target.
    static func trials(fast: Int, full: Int) -> Int { isFull ? full : fast }

    /// Prints the figures of one suite (or one part of it) on one line.
    static func report(_ suite: String, _ figures: [(String, CustomStringConvertible)]) {
        let text = figures.map { "\($0.0)=\($0.1)" }.joined(separator: " ")
        print("HARDENING \(suite)\(isFull ? " (full)" : ""): \(text)")
    }

    /// A canary API key the other suites also run with (suite 5 checks it never leaks).
    static let canaryKey = "sk-canary-SUITES-5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b"

    /// The environment that hands the canary to the `fake` endpoint (api_key_env
    /// FAKE_API_KEY) and to the built-in OpenAI provider.
    static var canaryEnvironment: [String: String] { ["FAKE_API_KEY": canaryKey, "OPENAI_API_KEY": canaryKey] }

    /// Seconds since `start`.
    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let duration = start.duration(to: .now)
        return Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
