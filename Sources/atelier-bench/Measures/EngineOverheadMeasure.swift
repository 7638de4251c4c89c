import Core
import Engine
import Foundation
import Store

/// Measure 9: engine overhead per model turn, with instant in-process models (so every
/// microsecond is the engine's: prompts, context building, detection, the store's writes,
/// events). A five-specialist team session from `start` to `ready`, and a four-model
/// debate (`MultiModelRun`: answers, revisions, synthesis, summary) to its result; each
/// run's CPU time (this process, all threads) divided by the model calls it made — CPU,
/// because wall time on a shared two-core machine mostly measures the neighbours — and,
/// beside it, the wall time, which would also show any wait the engine adds.
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
            var team = PerTurn()
            for _ in 0..<runs { team.add(try await self.team(store, directory, provider)) }
            _ = try await debate(store, directory, provider)
            var debate = PerTurn()
            for _ in 0..<runs { debate.add(try await self.debate(store, directory, provider)) }
            try await store.close()
            return [
                .measured("team_overhead_per_turn", "engine CPU per specialist turn, team session", Samples(team.cpu),
                          unit: .milliseconds, target: .atMost(1),
                          note: "start to ready with instant models: \(team.calls) turns (ideation, refinement, spec, review)."),
                .measured("team_wall_per_turn", "engine wall time per specialist turn, team session", Samples(team.wall),
                          unit: .milliseconds),
                .measured("debate_overhead_per_turn", "engine CPU per model turn, 4-model debate", Samples(debate.cpu),
                          unit: .milliseconds, target: .atMost(1),
                          note: "MultiModelRun to its result with instant models: \(debate.calls) calls "
                              + "(answers, revisions, synthesis, summary)."),
                .measured("debate_wall_per_turn", "engine wall time per model turn, 4-model debate", Samples(debate.wall),
                          unit: .milliseconds),
            ]
        } catch {
            try? await store.close()
            throw error
        }
    }

    /// Milliseconds per model call over several runs.
    private struct PerTurn {
        var cpu: [Double] = []
        var wall: [Double] = []
        var calls = 0

        mutating func add(_ run: Run) {
            cpu.append(run.cpu / Double(run.calls) * 1000)
            wall.append(run.wall / Double(run.calls) * 1000)
            calls = run.calls
        }
    }

    /// One run: CPU and wall seconds, and the model calls made.
    private struct Run {
        var cpu: Double
        var wall: Double
        var calls: Int
    }

    /// One team session to `ready`.
    private func team(_ store: Store, _ directory: BenchDirectory, _ provider: InstantProvider) async throws -> Run {
        let before = provider.calls
        let configuration = TeamConfiguration(defaultModel: BenchDirectory.ref("team"))
        let watch = CPUStopwatch()
        let session = try await TeamSession.create(store: store, directory: directory, configuration: configuration)
        let events = session.events
        let drain = Task { for await _ in events {} }
        try await session.start(InstantProvider.request)
        await session.settle()
        let (cpu, wall) = (watch.cpuSeconds, watch.wallSeconds)
        let status = await session.currentRecord.status
        await session.close()
        await drain.value
        guard status == .ready else { throw BenchError("the team session ended \(status.rawValue), not ready") }
        return Run(cpu: cpu, wall: wall, calls: provider.calls - before)
    }

    /// One four-model debate to its result.
    private func debate(_ store: Store, _ directory: BenchDirectory, _ provider: InstantProvider) async throws -> Run {
        let before = provider.calls
        let models = (1...4).map { BenchDirectory.ref("m\($0)") }
        let watch = CPUStopwatch()
        let run = try await MultiModelRun.start(DebateRequest(prompt: "Write one line about the sea.", models: models),
                                                store: store, directory: directory)
        let drain = Task { for await _ in run.events {} }
        let detail = try await run.result()
        let (cpu, wall) = (watch.cpuSeconds, watch.wallSeconds)
        await drain.value
        guard detail.run.status == .complete else { throw BenchError("the debate ended \(detail.run.status.rawValue)") }
        return Run(cpu: cpu, wall: wall, calls: provider.calls - before)
    }

    func failedRows(_ message: String) -> [BenchRow] {
        [BenchRow(id: "team_overhead_per_turn", measure: "engine CPU per specialist turn, team session",
                  unit: .milliseconds, target: .atMost(1), outcome: .failed(message))]
    }
}
