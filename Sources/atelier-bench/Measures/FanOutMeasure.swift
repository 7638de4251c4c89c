/// Measure 8: fan-out. Eight models each stream 2,000 tokens at 200 tokens/s (the fake
/// server paces every connection), through eight `TurnRunner`s at once on one store and
/// one HTTP client; the wall time is compared with one model alone. Ideal is 1×: the
/// streams only wait on the network.
struct FanOutMeasure: BenchMeasure {
    let name = "fan-out"
    let section = 8

    func run(_ context: BenchContext) async throws -> [BenchRow] {
        let tokens = context.quick ? 100 : 2_000
        let runs = context.options.runs(full: 3, quick: 1)
        let spec = FakeServerSpec(tokens: tokens, rate: 200, models: (1...8).map { "m\($0)" })
        return try await context.withFakeServer(spec) { server in
            try await StreamingRig.with(context, server: server) { rig in
                try await rig.turn(sessionID: try await rig.session(), stage: EventTally())   // warm-up
                var single: [Double] = []
                var eight: [Double] = []
                for run in 1...runs {
                    context.log("  run \(run) of \(runs): one model, then eight")
                    let session = try await rig.session()
                    let alone = ContinuousClock.now
                    try await rig.turn(sessionID: session, stage: EventTally())
                    single.append(alone.duration(to: .now).benchSeconds)

                    var sessions: [Int64] = []
                    for _ in 0..<8 { sessions.append(try await rig.session()) }
                    let together = ContinuousClock.now
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        for (index, session) in sessions.enumerated() {
                            group.addTask { try await rig.turn(sessionID: session, model: "m\(index + 1)", stage: EventTally()) }
                        }
                        try await group.waitForAll()
                    }
                    eight.append(together.duration(to: .now).benchSeconds)
                }
                return [
                    .measured("fan_out_ratio", "fan-out wall, 8 models ÷ 1 model", Samples(zip(eight, single).map { $0 / $1 }),
                              unit: .ratio, target: .atMost(1.1),
                              note: "\(tokens) tokens at 200 tokens/s per model, 8 TurnRunners at once, one store and HTTP client."),
                    .measured("fan_out_one", "fan-out wall, 1 model", Samples(single), unit: .seconds),
                    .measured("fan_out_eight", "fan-out wall, 8 models", Samples(eight), unit: .seconds),
                ]
            }
        }
    }

    func failedRows(_ message: String) -> [BenchRow] {
        [BenchRow(id: "fan_out_ratio", measure: "fan-out wall, 8 models ÷ 1 model", unit: .ratio, target: .atMost(1.1),
                  outcome: .failed(message))]
    }
}
