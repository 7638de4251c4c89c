/// One of the measures: a name for `--only`, the rows it fills, and how to run it.
/// `rows(failure:)` gives the same rows marked failed, so a broken measure still shows
/// where its numbers would be. Implementations are plain values; `run` is called once per
/// benchmark run, from the main task.
protocol BenchMeasure: Sendable {
    /// The name `--only` takes.
    var name: String { get }
    /// The number of the measure (1...9) its rows belong to, unless a row says otherwise.
    var section: Int { get }
    /// Runs the measure and returns its rows (measured, or not measured yet with why).
    func run(_ context: BenchContext) async throws -> [BenchRow]
    /// The measure's rows, each marked failed with `message`.
    func failedRows(_ message: String) -> [BenchRow]
}
