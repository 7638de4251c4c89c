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

    /// Seconds since `start`.
    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let duration = start.duration(to: .now)
        return Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
