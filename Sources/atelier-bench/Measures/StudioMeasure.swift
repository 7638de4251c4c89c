import Foundation
import TestSupport

/// The studio's measures: process start to the first frame and peak RSS with eight streams
/// (the release binary spawned on a pseudo-terminal, `StudioProcess`), a 2,000-token reply
/// fully on screen and keystroke-to-frame latency under eight full-speed streams (the whole
/// studio in this process on the headless backend with timed keys, `StudioRig` and
/// `TimedTerminal`). The big history's drawn first frame is measure 5's (`HistoryMeasure`).
struct StudioMeasure: BenchMeasure {
    let name = "studio"
    let section = 6
    /// Ends the 2,000-token reply, so the screen can tell its last token from the vocabulary's repeats.
    static let finalWord = "Zyqvoxend"

    func run(_ context: BenchContext) async throws -> [BenchRow] {
        var rows: [BenchRow] = []
        rows += try await StudioStartMeasure.rows(context)
        rows += try await replyRows(context)
        rows += try await KeystrokeMeasure.rows(context)
        return rows
    }

    /// Measure 6: from Enter on `/ask` to the frame that shows the reply's last token.
    private func replyRows(_ context: BenchContext) async throws -> [BenchRow] {
        let runs = context.options.runs(full: 7, quick: 1)
        let spec = FakeServerSpec(tokens: 2000, finalWord: Self.finalWord)
        return try await context.withFakeServer(spec) { server in
            var seconds: [Double] = []
            var frames: [Double] = []
            for index in 0...runs {
                let (elapsed, frameCount) = try await replyOnce(context, server: server)
                if index == 0 && runs > 1 { continue }   // warm-up: page cache, first connection
                seconds.append(elapsed)
                frames.append(Double(frameCount))
            }
            let frameText = "\(Int(Samples(frames).median)) frames (median) from Enter to the last token"
            return [
                BenchRow(id: "studio_reply_on_screen", section: 6, measure: "2,000-token reply fully on screen", unit: .seconds,
                         target: .atMost(0.2), outcome: .measured(Samples(seconds)),
                         note: "in process: the whole studio (config, store, engine bridge, loop thread) on the headless backend, "
                             + "100×30; from the Enter key's instant to the frame whose screen shows the reply's last token "
                             + "(\(frameText)); unlimited-rate fake server child, one HTTP chunk per event; stored text checked."),
            ]
        }
    }

    private func replyOnce(_ context: BenchContext, server: FakeServerProcess) async throws -> (Double, Int) {
        let home = try StudioRig.home(context, server: server, name: "studio-reply")
        let marker = Self.finalWord
        let clock = ReplyClock()
        let terminal = TimedTerminal(timeout: .seconds(context.quick ? 120 : 30)) { terminal, screen, now in
            guard let sent = clock.sent else {
                // The studio has drawn: type the command, press Enter 300 ms later (probes settled).
                let send = now + .milliseconds(300)
                terminal.schedule(Array(StudioRig.command("/ask bench:m1 go").dropLast()), at: send - .milliseconds(50))
                terminal.schedule([.key(.init(.enter))], at: send)
                clock.sent = send
                return
            }
            guard clock.shown == nil, now >= sent else { return }
            if clock.framesAtSend == nil { clock.framesAtSend = terminal.frames - 1 }
            if screen.text.contains(marker) {
                clock.shown = now
                clock.frames = terminal.frames - (clock.framesAtSend ?? 0)
                terminal.finish()
            }
        }
        try await StudioRig.run(home: home, terminal: terminal)
        guard let sent = clock.sent, let shown = clock.shown else { throw BenchError("the reply never showed") }
        let expected = FakeBehaviour.Reply.generatedText(tokens: 1999) + " " + marker
        guard try await StudioRig.storedReplies(home: home).first?.content == expected else {
            throw BenchError("the stored reply differs from what the server sent")
        }
        return ((shown - sent) / .seconds(1), clock.frames)
    }

    func failedRows(_ message: String) -> [BenchRow] {
        StudioStartMeasure.failedRows(message) + [
            BenchRow(id: "studio_reply_on_screen", section: 6, measure: "2,000-token reply fully on screen", unit: .seconds,
                     target: .atMost(0.2), outcome: .failed(message)),
        ] + KeystrokeMeasure.failedRows(message)
    }
}

/// What the reply script saw, written on the studio loop's thread and read after it ended.
final class ReplyClock: @unchecked Sendable {
    var sent: ContinuousClock.Instant?
    var shown: ContinuousClock.Instant?
    var framesAtSend: Int?
    var frames = 0
}
