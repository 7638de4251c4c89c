import Engine
import Foundation
import Store

/// Measure 1: CPU per token of a streamed reply, end to end as far as it exists (libcurl →
/// SSE decoder → `TurnRunner` events → batched store writes), for one stream and for eight
/// at once, beside the same bytes through the transport alone (Net's `HTTPClient` reading
/// the body, no parsing) and through the `curl` command line. CPU is this process's
/// user + system time (`getrusage`); the fake server runs in a child process, so its CPU
/// is not counted. Done for both chunkings of the server: one HTTP chunk per event (the
/// headline rows, as llama.cpp writes) and 16 events per chunk (coalesced writes).
struct StreamingMeasure: BenchMeasure {
    let name = "streaming"
    let section = 1

    func run(_ context: BenchContext) async throws -> [BenchRow] {
        let tokens = context.quick ? 2_000 : 20_000
        let runs = context.options.runs(full: 5, quick: 2)
        var rows: [BenchRow] = []
        for chunking in [FakeServerSpec.Chunking.perEvent, .batched(16)] {
            let spec = FakeServerSpec(tokens: tokens, chunking: chunking, models: (1...8).map { "m\($0)" })
            rows += try await context.withFakeServer(spec) { server in
                try await StreamingRig.with(context, server: server) { rig in
                    try await measure(rig, context: context, tokens: tokens, runs: runs, headline: chunking == .perEvent)
                }
            }
        }
        return rows
    }

    private func measure(_ rig: StreamingRig, context: BenchContext, tokens: Int, runs: Int,
                         headline: Bool) async throws -> [BenchRow] {
        let spec = rig.server.spec
        let suffix = headline ? "" : ", \(spec.chunkingText)"
        let idSuffix = headline ? "" : "_batched16"
        context.log("  \(spec.chunkingText): transport alone and one stream end to end, alternating")
        _ = try await rig.readRaw()   // warm-up: connection, lazy initialisation
        try await rig.turn(sessionID: try await rig.session(), stage: EventTally())
        // Each end-to-end run is paired with a transport run taken just before it, so both
        // see the same machine (on 2 shared cores the cost of a read swings with load).
        var transport: [Double] = []
        var transportKernel: [Double] = []
        var chunks = 0
        var single: [Double] = []
        var singleWall: [Double] = []
        var singleKernel: [Double] = []
        var frames: [Double] = []
        for _ in 0..<runs {
            let raw = CPUStopwatch()
            let read = try await rig.readRaw()
            transport.append(raw.cpuSeconds / Double(tokens) * 1e6)
            transportKernel.append(raw.systemSeconds / raw.cpuSeconds)
            chunks = read.chunks
            let session = try await rig.session()
            let stage = StudioStage()
            let watch = CPUStopwatch()
            try await rig.turn(sessionID: session, stage: stage)
            frames.append(Double(stage.frames))
            single.append(watch.cpuSeconds / Double(tokens) * 1e6)
            singleWall.append(watch.wallSeconds)
            singleKernel.append(watch.systemSeconds / watch.cpuSeconds)
        }
        context.log("  \(spec.chunkingText): eight streams end to end")
        var eight: [Double] = []
        for _ in 0..<runs {
            var sessions: [Int64] = []
            for _ in 0..<8 { sessions.append(try await rig.session()) }
            let watch = CPUStopwatch()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (index, session) in sessions.enumerated() {
                    group.addTask { try await rig.turn(sessionID: session, model: "m\(index + 1)", stage: StudioStage()) }
                }
                try await group.waitForAll()
            }
            eight.append(watch.cpuSeconds / Double(8 * tokens) * 1e6)
        }
        let ratios = zip(single, transport).map { $0 / $1 }
        let throughput = Double(tokens) / Samples(singleWall).median
        var rows: [BenchRow] = [
            .measured("cpu_per_token_1_stream\(idSuffix)", "CPU per token, 1 stream, end to end\(suffix)",
                      Samples(single), unit: .microseconds, target: .atMost(5),
                      note: headline ? "libcurl → SSE decoder → TurnRunner events → batched store writes → UI events "
                          + "folded into the studio's AppState → a frame rendered into a cell buffer at most every 16 ms "
                          + "(\(Int(Samples(frames).median)) frames a turn, median). \(tokens) tokens, \(spec.chunkingText), unlimited rate; "
                          + "\(Int(throughput)) tokens/s wall; \(percent(singleKernel)) of the CPU in the kernel." : nil),
            .measured("transport_cpu_per_token\(idSuffix)", "CPU per token, transport alone\(suffix)",
                      Samples(transport), unit: .microseconds,
                      note: "Net HTTPClient reading the body, no parsing: \(chunks) body chunks for \(tokens) events; "
                          + "\(percent(transportKernel)) of the CPU in the kernel."),
            .measured("end_to_end_vs_transport\(idSuffix)", "end to end ÷ transport alone, 1 stream\(suffix)",
                      Samples(ratios), unit: .ratio, target: .atMost(3),
                      note: headline ? "each run's end-to-end CPU over the transport run made just before it." : nil),
            .measured("cpu_per_token_8_streams\(idSuffix)", "CPU per token, 8 streams\(suffix)",
                      Samples(eight), unit: .microseconds, target: .atMost(6),
                      note: headline ? "8 concurrent turns of \(tokens) tokens each, one store, one HTTP client." : nil),
        ]
        if headline, let curl = try await curlReference(rig, context: context, tokens: tokens, runs: runs) {
            rows.insert(curl, at: 2)
        }
        if headline {
            rows.insert(try await engineAlone(context, tokens: tokens, runs: runs), at: 2)
        }
        return rows
    }

    /// The engine and store alone: `TurnRunner` fed pre-decoded pieces, no network, no parsing.
    func engineAlone(_ context: BenchContext, tokens: Int, runs: Int) async throws -> BenchRow {
        context.log("  engine and store alone")
        let store = try Store(path: try context.directory("engine-alone") + "/atelier.db")
        let runner = TurnRunner(store: store, directory: BenchDirectory(provider: PredecodedProvider(tokens: tokens)))
        var samples: [Double] = []
        do {
            for run in 0...runs {
                let session = try await store.createSession(kind: .chat, title: "bench")
                let request = TurnRequest(sessionID: session.id, speaker: "bench", model: BenchDirectory.ref("m1"),
                                          messages: [.user(StreamingRig.prompt)])
                let tally = EventTally()
                let watch = CPUStopwatch()
                let outcome = try await runner.run(request) { tally.receive($0) }
                let cpu = watch.cpuSeconds
                guard outcome.succeeded, tally.pieces == tokens else { throw BenchError("the pre-decoded turn failed") }
                if run > 0 { samples.append(cpu / Double(tokens) * 1e6) }
            }
            try await store.close()
        } catch {
            try? await store.close()
            throw error
        }
        return .measured("engine_store_cpu_per_token", "CPU per token, engine and store alone", Samples(samples),
                         unit: .microseconds,
                         note: "TurnRunner fed pre-decoded pieces in process (no network, no parsing), batched store writes; "
                             + "one piece per token, the worst case (a real provider joins the pieces of one network read).")
    }

    private func percent(_ shares: [Double]) -> String {
        "\(Int((Samples(shares).median * 100).rounded()))%"
    }

    /// The `curl` command line reading the same stream (its whole process, start-up included).
    private func curlReference(_ rig: StreamingRig, context: BenchContext, tokens: Int, runs: Int) async throws -> BenchRow? {
        guard let curl = ["/usr/bin/curl", "/bin/curl", "/usr/local/bin/curl"].first(where: {
            FileManager.default.isExecutableFile(atPath: $0)
        }) else { return nil }
        context.log("  curl command line")
        var samples: [Double] = []
        for _ in 0..<runs {
            let arguments = rig.curlArguments()
            let exit = try await Blocking.run {
                try ChildProcess(path: curl, arguments: arguments, environment: ["PATH": "/usr/bin:/bin"]).wait()
            }
            guard exit.code == 0 else { throw BenchError("curl exited with \(exit.code.map(String.init) ?? "a signal")") }
            samples.append(exit.usage.cpuSeconds / Double(tokens) * 1e6)
        }
        return .measured("curl_cpu_per_token", "CPU per token, curl command line (reference)", Samples(samples),
                         unit: .microseconds, note: "the whole curl process, start-up included, output to /dev/null.")
    }

    func failedRows(_ message: String) -> [BenchRow] {
        [
            BenchRow(id: "cpu_per_token_1_stream", measure: "CPU per token, 1 stream, end to end", unit: .microseconds,
                     target: .atMost(5), outcome: .failed(message)),
            BenchRow(id: "cpu_per_token_8_streams", measure: "CPU per token, 8 streams", unit: .microseconds,
                     target: .atMost(6), outcome: .failed(message)),
        ]
    }
}
