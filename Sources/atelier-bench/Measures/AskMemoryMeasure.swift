import Foundation
import Store
import TestSupport

/// Measure 4: peak RSS of the real `atelier ask` streaming a 10,000-token answer. Spawns
/// the release binary with a private ATELIER_HOME whose config points `bench:m1` at the
/// fake server child; standard output goes to /dev/null (the piped, byte-exact path).
/// Reads peak RSS, wall and CPU time from `wait4`, then checks the stored answer.
struct AskMemoryMeasure: BenchMeasure {
    let name = "ask-memory"
    let section = 4

    func run(_ context: BenchContext) async throws -> [BenchRow] {
        let tokens = context.quick ? 500 : 10_000
        let runs = context.options.runs(full: 5, quick: 1)
        let label = tokens % 1000 == 0 ? "\(tokens / 1000)k" : "\(tokens)"
        return try await context.withFakeServer(FakeServerSpec(tokens: tokens)) { server in
            var rss: [Double] = []
            var cpu: [Double] = []
            var wall: [Double] = []
            for _ in 0..<runs {
                let exit = try await ask(context, server: server)
                rss.append(exit.usage.peakRSSBytes / 1_048_576)
                cpu.append(exit.usage.cpuSeconds / Double(tokens) * 1e6)
                wall.append(exit.wallSeconds)
            }
            return [
                .measured("ask_peak_rss", "peak RSS, `atelier ask` \(label) tokens", Samples(rss), unit: .megabytes,
                          target: .atMost(25),
                          note: "the release binary against the fake server child, answer piped to /dev/null, stored in a fresh "
                              + "database; the child's VmHWM polled every 0.5 ms."),
                .measured("ask_cpu_per_token", "CPU per token, whole `atelier ask` process", Samples(cpu), unit: .microseconds,
                          note: "start-up, configuration, database, streaming and exit, divided by \(tokens) tokens."),
                .measured("ask_wall", "`atelier ask` \(label) tokens, wall", Samples(wall), unit: .seconds),
            ]
        }
    }

    /// One `atelier ask` in a fresh home; throws unless it succeeded and stored the whole answer.
    private func ask(_ context: BenchContext, server: FakeServerProcess) async throws -> ChildProcess.Exit {
        let home = try context.directory("ask-home")
        let config: [String: Any] = [
            "default_model": "bench:m1",
            "providers": ["ollama": ["base_url": "http://127.0.0.1:9"]],
            "endpoints": ["bench": ["base_url": server.baseURL, "models": ["m1"]]],
        ]
        let data = try JSONSerialization.data(withJSONObject: config, options: [.sortedKeys])
        try data.write(to: URL(fileURLWithPath: home + "/config.json"))
        let binary = context.atelierBinary
        let environment = ["PATH": "/usr/bin:/bin", "HOME": home, "ATELIER_HOME": home, "LANG": "C.UTF-8"]
        let exit = try await Blocking.run {
            try ChildProcess(path: binary, arguments: ["ask", "--max-tokens", "100000", "Tell me a very long story."],
                             environment: environment).wait(samplingPeakRSS: true)
        }
        guard exit.code == 0 else { throw BenchError("atelier ask exited with \(exit.code.map(String.init) ?? "a signal")") }
        let store = try Store(path: home + "/data/atelier.db")
        let stored = try await store.messages(sessionID: 1).last
        try await store.close()
        guard stored?.content == FakeBehaviour.Reply.generatedText(tokens: server.spec.tokens) else {
            throw BenchError("atelier ask did not store the whole answer")
        }
        return exit
    }

    func failedRows(_ message: String) -> [BenchRow] {
        [BenchRow(id: "ask_peak_rss", measure: "peak RSS, `atelier ask` 10k tokens", unit: .megabytes, target: .atMost(25),
                  outcome: .failed(message))]
    }
}
