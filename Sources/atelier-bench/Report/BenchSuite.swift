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
        ProfileEngineMeasure(),
    ]

    static var names: Set<String> { Set((measures + extras).map(\.name)) }

    /// Runs the selected measures; a measure that throws fills its rows with the error.
    static func run(_ context: BenchContext) async -> [BenchRow] {
        var rows: [BenchRow] = []
        let selected = context.options.only.map { only in (measures + extras).filter { only.contains($0.name) } } ?? measures
        for measure in selected {
            context.log("\(measure.name)…")
            let started = ContinuousClock.now
            var produced: [BenchRow]
            do {
                produced = try await measure.run(context)
            } catch {
                context.log("\(measure.name) failed: \(error)")
                produced = measure.failedRows(String(describing: error))
            }
            for index in produced.indices where produced[index].section == 0 { produced[index].section = measure.section }
            rows += produced
            context.log("\(measure.name) done in \(String(format: "%.1f", started.duration(to: .now).benchSeconds)) s")
        }
        // The issue's order: measures that need the studio sit beside their siblings.
        return rows.enumerated().sorted { ($0.element.section, $0.offset) < ($1.element.section, $1.offset) }.map(\.element)
    }
}
