/// Measure 2: time to first token overhead. Alternately, the raw transfer (Net's
/// `HTTPClient`, from the call to the first body chunk) and Atelier's turn (from
/// `TurnRunner.run` — message row, request, decoder, events — to the first `.text`
/// event) against the same fake server, over the same warm HTTP client. The overhead is
/// the median of the per-run differences.
struct FirstTokenMeasure: BenchMeasure {
    let name = "first-token"
    let section = 2

    func run(_ context: BenchContext) async throws -> [BenchRow] {
        let runs = context.options.runs(full: 30, quick: 3)
        return try await context.withFakeServer(FakeServerSpec(tokens: 32)) { server in
            try await StreamingRig.with(context, server: server) { rig in
                try await measure(rig, runs: runs)
            }
        }
    }

    private func measure(_ rig: StreamingRig, runs: Int) async throws -> [BenchRow] {
        _ = try await rig.readRaw()
        try await rig.turn(sessionID: try await rig.session(), stage: EventTally())
        var raw: [Double] = []
        var atelier: [Double] = []
        for _ in 0..<runs {
            let start = ContinuousClock.now
            let read = try await rig.readRaw()
            guard let first = read.firstChunk else { throw BenchError("the raw transfer had no body") }
            raw.append(start.duration(to: first).benchSeconds * 1000)

            let session = try await rig.session()
            let tally = EventTally()
            let began = ContinuousClock.now
            try await rig.turn(sessionID: session, stage: tally)
            guard let text = tally.firstText else { throw BenchError("the turn had no text") }
            atelier.append(began.duration(to: text).benchSeconds * 1000)
        }
        return [
            .measured("first_token_overhead", "first-token overhead", Samples(zip(atelier, raw).map { $0 - $1 }),
                      unit: .milliseconds, target: .atMost(1),
                      note: "per run, Atelier's first text event (TurnRunner.run to the first .text) minus the raw "
                          + "transfer's first body byte (HTTPClient.stream to the first chunk), same warm client."),
            .measured("first_token_atelier", "time to first token, Atelier turn", Samples(atelier), unit: .milliseconds),
            .measured("first_byte_raw", "time to first byte, raw transfer", Samples(raw), unit: .milliseconds),
        ]
    }

    func failedRows(_ message: String) -> [BenchRow] {
        [BenchRow(id: "first_token_overhead", measure: "first-token overhead", unit: .milliseconds,
                  target: .atMost(1), outcome: .failed(message))]
    }
}
