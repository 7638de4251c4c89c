import Core
import Engine
import Foundation
import Store

/// Measure 9: engine overhead per model turn, with instant in-process models (so every
/// microsecond is the engine's: prompts, context building, detection, the store's writes,
/// events). A five-specialist team session from `start` to `ready`, and a four-model
/// debate (`MultiModelRun`: answers, revisions, synthesis, summary) to its result; each
/// run's wall time divided by the model calls it made.
struct EngineOverheadMeasure: BenchMeasure {
    let name = "engine"
    let section = 9

    func run(_ context: BenchContext) async throws -> [BenchRow] {
        let runs = context.options.runs(full: 10, quick: 2)
        let provider = InstantProvider()
        let directory = BenchDirectory(provider: provider)
        let store = try Store(path: try context.directory("engine") + "/atelier.db")
        do {
            _ = try await team(store, directory, provider)   // warm-up
            var team: [Double] = []
            var teamCalls = 0
            for _ in 0..<runs {
                let (seconds, calls) = try await self.team(store, directory, provider)
                team.append(seconds / Double(calls) * 1000)
                teamCalls = calls
            }
            _ = try await debate(store, directory, provider)
            var debate: [Double] = []
            var debateCalls = 0
            for _ in 0..<runs {
                let (seconds, calls) = try await self.debate(store, directory, provider)
                debate.append(seconds / Double(calls) * 1000)
                debateCalls = calls
            }
            try await store.close()
            return [
                .measured("team_overhead_per_turn", "engine overhead per specialist turn, team session", Samples(team),
                          unit: .milliseconds, target: .atMost(1),
                          note: "start to ready with instant models: \(teamCalls) turns (ideation, refinement, spec, review)."),
                .measured("debate_overhead_per_turn", "engine overhead per model turn, 4-model debate", Samples(debate),
                          unit: .milliseconds, target: .atMost(1),
                          note: "MultiModelRun to its result with instant models: \(debateCalls) calls "
                              + "(answers, revisions, synthesis, summary)."),
            ]
        } catch {
            try? await store.close()
            throw error
        }
    }

    /// One team session to `ready`: (seconds, model calls).
    private func team(_ store: Store, _ directory: BenchDirectory, _ provider: InstantProvider) async throws -> (Double, Int) {
        let before = provider.calls
        let configuration = TeamConfiguration(defaultModel: BenchDirectory.ref("team"))
        let start = ContinuousClock.now
        let session = try await TeamSession.create(store: store, directory: directory, configuration: configuration)
        let events = session.events
        let drain = Task { for await _ in events {} }
        try await session.start(InstantProvider.request)
        await session.settle()
        let elapsed = start.duration(to: .now).benchSeconds
        let status = await session.currentRecord.status
        await session.close()
        await drain.value
        guard status == .ready else { throw BenchError("the team session ended \(status.rawValue), not ready") }
        return (elapsed, provider.calls - before)
    }

    /// One four-model debate to its result: (seconds, model calls).
    private func debate(_ store: Store, _ directory: BenchDirectory, _ provider: InstantProvider) async throws -> (Double, Int) {
        let before = provider.calls
        let models = (1...4).map { BenchDirectory.ref("m\($0)") }
        let start = ContinuousClock.now
        let run = try await MultiModelRun.start(DebateRequest(prompt: "Write one line about the sea.", models: models),
                                                store: store, directory: directory)
        let drain = Task { for await _ in run.events {} }
        let detail = try await run.result()
        let elapsed = start.duration(to: .now).benchSeconds
        await drain.value
        guard detail.run.status == .complete else { throw BenchError("the debate ended \(detail.run.status.rawValue)") }
        return (elapsed, provider.calls - before)
    }

    func failedRows(_ message: String) -> [BenchRow] {
        [BenchRow(id: "team_overhead_per_turn", measure: "engine overhead per specialist turn, team session",
                  unit: .milliseconds, target: .atMost(1), outcome: .failed(message))]
    }
}
