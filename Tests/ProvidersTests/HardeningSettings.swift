import Foundation

/// The hardening suites' settings in this test target (the CLI tests have the same enum):
/// `ATELIER_HARDENING_FULL=1` raises the trial counts; `report` prints one
/// `HARDENING <suite>: key=value …` line of figures. Stateless; any task.
enum Hardening {
    static var isFull: Bool { ProcessInfo.processInfo.environment["ATELIER_HARDENING_FULL"] == "1" }

    static func trials(fast: Int, full: Int) -> Int { isFull ? full : fast }

    static func report(_ suite: String, _ figures: [(String, CustomStringConvertible)]) {
        let text = figures.map { "\($0.0)=\($0.1)" }.joined(separator: " ")
        print("HARDENING \(suite)\(isFull ? " (full)" : ""): \(text)")
    }
}
