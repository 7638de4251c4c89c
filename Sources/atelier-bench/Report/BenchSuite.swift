import Foundation

/// Every measure of issue 6 in the table's order, run one after another (they must not
/// disturb each other's numbers). Measures that need the studio are listed too and report
/// "not measured yet". Stateless.
enum BenchSuite {
    static let measures: [any BenchMeasure] = [
        StreamingMeasure(),
        FirstTokenMeasure(),
        StartupMeasure(),
        AskMemoryMeasure(),
        HistoryMeasure(),
        StudioMeasure(),
        FanOutMeasure(),
        EngineOverheadMeasure(),
    ]

    static var names: Set<String> { Set(measures.map(\.name)) }

    /// Runs the selected measures; a measure that throws fills its rows with the error.
    static func run(_ context: BenchContext) async -> [BenchRow] {
        var rows: [BenchRow] = []
        for measure in measures where context.options.only?.contains(measure.name) ?? true {
            context.log("\(measure.name)…")
            let started = ContinuousClock.now
            do {
                rows += try await measure.run(context)
            } catch {
                context.log("\(measure.name) failed: \(error)")
                rows += measure.failedRows(String(describing: error))
            }
            context.log("\(measure.name) done in \(String(format: "%.1f", started.duration(to: .now).benchSeconds)) s")
        }
        return rows
    }
}
