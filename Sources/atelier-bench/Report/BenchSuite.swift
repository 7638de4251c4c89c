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

    /// Run only when named with `--only`: focused work for profilers.
    static let extras: [any BenchMeasure] = [
        ProfileTurnMeasure(name: "profile-turn", chunking: .perEvent),
        ProfileTurnMeasure(name: "profile-turn-batched", chunking: .batched(16)),
        ProfileTurnMeasure(name: "profile-transport", chunking: .perEvent, transportOnly: true),
    ]

    static var names: Set<String> { Set((measures + extras).map(\.name)) }

    /// Runs the selected measures; a measure that throws fills its rows with the error.
    static func run(_ context: BenchContext) async -> [BenchRow] {
        var rows: [BenchRow] = []
        let selected = context.options.only.map { only in (measures + extras).filter { only.contains($0.name) } } ?? measures
        for measure in selected {
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
