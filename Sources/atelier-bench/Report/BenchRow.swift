/// One line of the benchmark's table: what is measured, the target for it, and
/// what happened — measured samples, not measured yet (with why), or failed (with the
/// error). A row never carries a number that was not measured. A plain value.
struct BenchRow: Sendable {
    /// What the issue asks of a measure.
    enum Target: Sendable {
        /// The median must be at most this value (in the row's unit).
        case atMost(Double)
        /// No target: shown for context (the floor, a reference, a file size).
        case none
    }

    /// What became of the row.
    enum Outcome: Sendable {
        case measured(Samples)
        /// The measure needs something not built yet; the reason says what.
        case notMeasured(String)
        /// The measure ran and failed; the message says how.
        case failed(String)
    }

    /// A stable key for `--json` (`cpu_per_token_1_stream`, ...).
    let id: String
    /// The number of the measure this row belongs to (1...9); 0 until the suite sets it.
    var section: Int
    /// The measure as the table shows it.
    let measure: String
    let unit: BenchUnit
    let target: Target
    var outcome: Outcome
    /// A short remark printed under the table (what exactly was measured).
    var note: String?

    init(id: String, section: Int = 0, measure: String, unit: BenchUnit, target: Target = .none, outcome: Outcome,
         note: String? = nil) {
        self.id = id
        self.section = section
        self.measure = measure
        self.unit = unit
        self.target = target
        self.outcome = outcome
        self.note = note
    }

    /// A measured row.
    static func measured(_ id: String, _ measure: String, _ samples: Samples, unit: BenchUnit,
                         target: Target = .none, note: String? = nil) -> BenchRow {
        BenchRow(id: id, measure: measure, unit: unit, target: target, outcome: .measured(samples), note: note)
    }

    /// "met", "missed", "info" (no target), "not measured" or "failed".
    var verdict: String {
        switch outcome {
        case .notMeasured: return "not measured"
        case .failed: return "failed"
        case .measured(let samples):
            guard case .atMost(let limit) = target else { return "info" }
            return samples.median <= limit ? "met" : "MISSED"
        }
    }

    /// The target as the table shows it.
    var targetText: String {
        switch target {
        case .atMost(let limit): return "≤ " + unit.format(limit)
        case .none: return "—"
        }
    }
}
