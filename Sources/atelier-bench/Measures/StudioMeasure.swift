/// The measures that need the terminal studio (UI state, render into a cell buffer, the
/// headless terminal backend), which is not built yet: first frame, memory with eight
/// streams, a reply fully on screen, keystroke latency. They keep their rows and targets
/// in the table, marked not measured, until the studio lands and real measures replace
/// this one. Never prints a number.
struct StudioMeasure: BenchMeasure {
    let name = "studio"
    let section = 6
    static let reason = "not measured yet (needs the studio)"

    func run(_ context: BenchContext) async throws -> [BenchRow] {
        Self.rows.map { row in
            var pending = row
            pending.outcome = .notMeasured(Self.reason)
            return pending
        }
    }

    func failedRows(_ message: String) -> [BenchRow] {
        Self.rows.map { row in
            var failed = row
            failed.outcome = .failed(message)
            return failed
        }
    }

    private static let rows = [
        BenchRow(id: "studio_first_frame", section: 3, measure: "process start to the studio's first frame", unit: .milliseconds,
                 target: .atMost(60), outcome: .notMeasured(reason)),
        BenchRow(id: "studio_peak_rss_8_streams", section: 4, measure: "peak RSS, studio with 8 streams", unit: .megabytes,
                 target: .atMost(45), outcome: .notMeasured(reason)),
        BenchRow(id: "studio_reply_on_screen", section: 6, measure: "2,000-token reply fully on screen", unit: .seconds,
                 target: .atMost(0.2), outcome: .notMeasured(reason)),
        BenchRow(id: "studio_keystroke_p50", section: 7, measure: "keystroke to frame, p50, 8 streams", unit: .milliseconds,
                 outcome: .notMeasured(reason)),
        BenchRow(id: "studio_keystroke_p99", section: 7, measure: "keystroke to frame, p99, 8 streams", unit: .milliseconds,
                 target: .atMost(16), outcome: .notMeasured(reason)),
        BenchRow(id: "studio_history_first_frame", section: 5, measure: "1M-message database: open + first frame (drawn)",
                 unit: .milliseconds, target: .atMost(100), outcome: .notMeasured(reason)),
    ]
}
