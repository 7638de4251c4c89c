import Foundation
import Store
import TestSupport

/// Measures 3 and 4 for the studio: the release `atelier` spawned on a pseudo-terminal
/// (`StudioProcess`). First frame: spawn to the first frame's last row ("quit", the final hint
/// on the bottom row, which ncurses draws last) arriving on the controller side, with the
/// process's peak RSS at that moment. Eight streams: eight `/ask`s typed at once against an
/// unlimited-rate fake server, the peak RSS (VmHWM) once every stream has ended and the
/// screen is quiet; every stored reply is checked. Stateless.
enum StudioStartMeasure {
    static func rows(_ context: BenchContext) async throws -> [BenchRow] {
        let runs = context.options.runs(full: 10, quick: 1)
        let streamRuns = context.options.runs(full: 5, quick: 1)
        let tokens = context.quick ? 1000 : 10_000
        let spec = FakeServerSpec(tokens: tokens, models: (1...8).map { "m\($0)" })
        return try await context.withFakeServer(spec) { server in
            var firstFrame: [Double] = []
            var firstRSS: [Double] = []
            for index in 0...runs {
                let (milliseconds, megabytes) = try await firstFrameOnce(context, server: server)
                if index == 0 && runs > 1 { continue }   // warm-up: page cache
                firstFrame.append(milliseconds)
                firstRSS.append(megabytes)
            }
            var streamRSS: [Double] = []
            for _ in 0..<streamRuns {
                streamRSS.append(try await eightStreamsOnce(context, server: server))
            }
            return [
                BenchRow(id: "studio_first_frame", section: 3, measure: "process start to the studio's first frame",
                         unit: .milliseconds, target: .atMost(60), outcome: .measured(Samples(firstFrame)),
                         note: "the release binary spawned with no verb on a pseudo-terminal (100×30, xterm-256color, real "
                             + "ncurses), fresh home and database; spawn to the first frame's bottom row read from the pty."),
                BenchRow(id: "studio_first_frame_rss", section: 3, measure: "studio peak RSS at its first frame", unit: .megabytes,
                         outcome: .measured(Samples(firstRSS))),
                BenchRow(id: "studio_peak_rss_8_streams", section: 4, measure: "peak RSS, studio with 8 streams", unit: .megabytes,
                         target: .atMost(45), outcome: .measured(Samples(streamRSS)),
                         note: "the same spawned studio; eight `/ask`s of \(tokens) tokens each at once, unlimited-rate fake server; "
                             + "VmHWM read after all eight ended; the eight stored replies checked."),
            ]
        }
    }

    private static func firstFrameOnce(_ context: BenchContext, server: FakeServerProcess) async throws -> (Double, Double) {
        let home = try StudioRig.home(context, server: server, name: "studio-start")
        return try await Blocking.run {
            let studio = try StudioProcess(context, home: home)
            guard let seen = studio.waitForOutput("quit", timeout: 30) else {
                _ = studio.quit()
                throw BenchError("the studio drew no first frame within 30 s")
            }
            let rss = (ChildProcess.peakRSS(of: studio.child.pid) ?? 0) / 1_048_576
            let elapsed = (studio.child.startedAt.duration(to: seen)) / .milliseconds(1)
            let exit = studio.quit()
            guard exit.code == 0 else { throw BenchError("the studio exited with \(exit.code.map(String.init) ?? "a signal")") }
            return (elapsed, rss)
        }
    }

    private static func eightStreamsOnce(_ context: BenchContext, server: FakeServerProcess) async throws -> Double {
        let home = try StudioRig.home(context, server: server, name: "studio-streams")
        let quiet = context.quick ? 3.0 : 1.0
        let rss = try await Blocking.run {
            let studio = try StudioProcess(context, home: home)
            guard studio.waitForOutput("quit", timeout: 30) != nil else {
                _ = studio.quit()
                throw BenchError("the studio drew no first frame within 30 s")
            }
            usleep(300_000)
            for model in server.spec.models {
                studio.pty.type("/ask bench:\(model) go\r")
                usleep(30_000)   // typed, not pasted: a burst would be taken for a paste
            }
            let settled = studio.waitForQuiet(quiet, timeout: 120)
            let peak = (ChildProcess.peakRSS(of: studio.child.pid) ?? 0) / 1_048_576
            let exit = studio.quit()
            guard settled else { throw BenchError("the eight streams did not end within 120 s") }
            guard exit.code == 0 else { throw BenchError("the studio exited with \(exit.code.map(String.init) ?? "a signal")") }
            return peak
        }
        let replies = try await StudioRig.storedReplies(home: home)
        let expected = FakeBehaviour.Reply.generatedText(tokens: server.spec.tokens)
        let whole = replies.filter { $0.content == expected && $0.status == .complete }.count
        guard whole == 8 else { throw BenchError("\(whole) of 8 stored replies are whole and complete") }
        return rss
    }

    static func failedRows(_ message: String) -> [BenchRow] {
        [
            BenchRow(id: "studio_first_frame", section: 3, measure: "process start to the studio's first frame",
                     unit: .milliseconds, target: .atMost(60), outcome: .failed(message)),
            BenchRow(id: "studio_peak_rss_8_streams", section: 4, measure: "peak RSS, studio with 8 streams", unit: .megabytes,
                     target: .atMost(45), outcome: .failed(message)),
        ]
    }
}
