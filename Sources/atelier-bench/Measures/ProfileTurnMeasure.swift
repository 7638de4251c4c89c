/// Not part of the table: one stream end to end and nothing else, for profilers
/// (`valgrind --tool=callgrind atelier-bench --only profile-turn`), so a profile holds
/// only the hot path. `--runs` turns of 20,000 tokens (2,000 with `--quick`) after one
/// warm-up; `--only profile-turn-batched` uses 16 events per HTTP chunk, `profile-transport`
/// reads the same bytes through the transport alone.
struct ProfileTurnMeasure: BenchMeasure {
    let name: String
    let section = 1
    let chunking: FakeServerSpec.Chunking
    /// Only the transport (Net's `HTTPClient` reading the body), not the turn.
    var transportOnly = false

    func run(_ context: BenchContext) async throws -> [BenchRow] {
        let tokens = context.quick ? 2_000 : 20_000
        let runs = context.options.runs(full: 3, quick: 1)
        return try await context.withFakeServer(FakeServerSpec(tokens: tokens, chunking: chunking)) { server in
            try await StreamingRig.with(context, server: server) { rig in
                if transportOnly { _ = try await rig.readRaw() } else {
                    try await rig.turn(sessionID: try await rig.session(), stage: EventTally())
                }
                var cpu: [Double] = []
                var chunks = 0
                for _ in 0..<runs {
                    let session = try await rig.session()
                    let watch = CPUStopwatch()
                    if transportOnly { chunks = try await rig.readRaw().chunks } else {
                        try await rig.turn(sessionID: session, stage: EventTally())
                    }
                    cpu.append(watch.cpuSeconds / Double(tokens) * 1e6)
                }
                let what = transportOnly ? "transport alone" : "1 stream, end to end"
                return [.measured(name, "CPU per token, \(what) (\(server.spec.chunkingText))", Samples(cpu),
                                  unit: .microseconds, note: transportOnly ? "\(chunks) body chunks for \(tokens) events." : nil)]
            }
        }
    }

    func failedRows(_ message: String) -> [BenchRow] {
        [BenchRow(id: name, measure: "CPU per token, 1 stream, end to end", unit: .microseconds, outcome: .failed(message))]
    }
}

/// Not part of the table: the engine and store alone (pre-decoded pieces), for profilers.
struct ProfileEngineMeasure: BenchMeasure {
    let name = "profile-engine"
    let section = 1

    func run(_ context: BenchContext) async throws -> [BenchRow] {
        let tokens = context.quick ? 2_000 : 20_000
        return [try await StreamingMeasure().engineAlone(context, tokens: tokens, runs: context.options.runs(full: 3, quick: 1))]
    }

    func failedRows(_ message: String) -> [BenchRow] {
        [BenchRow(id: name, measure: "CPU per token, engine and store alone", unit: .microseconds, outcome: .failed(message))]
    }
}
