import Foundation
import TerminalIO
import TestSupport
import UI

/// Measure 7: from a key to the frame that shows it, while eight streams run at full speed.
/// The whole studio runs in this process on the headless backend (`StudioRig`,
/// `TimedTerminal`); eight `/ask`s to an unlimited-rate fake server start, then a Cyrillic
/// letter (never in the streamed text) is typed, timed from its due instant to the first
/// frame whose screen holds it, erased, and the next one typed 3–20 ms after that frame (so
/// keys land at every phase of the frame clock). At the end the studio quits at once; the
/// replies still streaming then are stored `interrupted`, which counts the streams that ran
/// through the whole measurement. Stateless.
enum KeystrokeMeasure {
    static let letters = Array("жфщюэъыцшлдгбпзхчьйи")

    static func rows(_ context: BenchContext) async throws -> [BenchRow] {
        let keys = context.quick ? 15 : 200
        let tokens = context.quick ? 20_000 : 300_000
        let runs = context.options.runs(full: 3, quick: 1)
        let spec = FakeServerSpec(tokens: tokens, models: (1...8).map { "m\($0)" })
        return try await context.withFakeServer(spec) { server in
            var p50: [Double] = []
            var p99: [Double] = []
            var running: [Int] = []
            for _ in 0..<runs {
                let (latencies, stillRunning) = try await once(context, server: server, keys: keys)
                let samples = Samples(latencies)
                p50.append(samples.quantile(0.5))
                p99.append(samples.quantile(0.99))
                running.append(stillRunning)
            }
            let note = "in process on the headless backend (100×30), \(keys) keys a run, each timed from its due instant "
                + "(as a key arriving at the terminal) to the first frame showing it; eight streams of \(tokens) tokens at "
                + "full speed; streams still running when the last key was measured: \(running.map(String.init).joined(separator: ", ")) of 8."
            return [
                BenchRow(id: "studio_keystroke_p50", section: 7, measure: "keystroke to frame, p50, 8 streams", unit: .milliseconds,
                         outcome: .measured(Samples(p50))),
                BenchRow(id: "studio_keystroke_p99", section: 7, measure: "keystroke to frame, p99, 8 streams", unit: .milliseconds,
                         target: .atMost(16), outcome: .measured(Samples(p99)), note: note),
            ]
        }
    }

    /// One studio: the latencies in milliseconds, and how many streams were still running at the end.
    private static func once(_ context: BenchContext, server: FakeServerProcess, keys: Int) async throws -> ([Double], Int) {
        let home = try StudioRig.home(context, server: server, name: "studio-keys")
        let script = KeystrokeScript(keys: keys, models: server.spec.models)
        let terminal = TimedTerminal(timeout: .seconds(context.quick ? 240 : 120)) { terminal, screen, now in
            script.frame(terminal, screen, now)
        }
        try await StudioRig.run(home: home, terminal: terminal)
        guard script.latencies.count == keys else { throw BenchError("only \(script.latencies.count) of \(keys) keys were seen") }
        let replies = try await StudioRig.storedReplies(home: home)
        let read = Samples(script.readDelays)
        let draw = Samples(script.drawDelays)
        let wall = Samples(terminal.turnWall)
        let cpu = Samples(terminal.turnCPU)
        context.log(String(format: "keys: due→read p50 %.2f p99 %.2f ms; read→frame p50 %.2f p99 %.2f ms; %d frames; "
                               + "loop turn work wall p50 %.2f p99 %.2f max %.1f ms, CPU p50 %.2f p99 %.2f max %.1f ms, %d turns",
                           read.quantile(0.5), read.quantile(0.99), draw.quantile(0.5), draw.quantile(0.99), terminal.frames,
                           wall.quantile(0.5), wall.quantile(0.99), wall.max, cpu.quantile(0.5), cpu.quantile(0.99), cpu.max,
                           terminal.turnWall.count))
        return (script.latencies, replies.filter { $0.status == .interrupted }.count)
    }

    static func failedRows(_ message: String) -> [BenchRow] {
        [BenchRow(id: "studio_keystroke_p99", section: 7, measure: "keystroke to frame, p99, 8 streams", unit: .milliseconds,
                  target: .atMost(16), outcome: .failed(message))]
    }
}

/// The keystroke measure's script: start eight streams, wait for them to flow, then type,
/// time and erase letters one after another. Runs on the studio loop's thread (from
/// `TimedTerminal.draw`); read after the studio has quit.
final class KeystrokeScript: @unchecked Sendable {
    private enum Phase {
        case starting
        case streaming(until: ContinuousClock.Instant)
        case typing(Character, due: ContinuousClock.Instant)
        case erasing(Character)
        case done
    }

    private var phase = Phase.starting
    private(set) var latencies: [Double] = []
    /// Per key: from its due instant to the loop reading it, and from reading to the frame.
    private(set) var readDelays: [Double] = []
    private(set) var drawDelays: [Double] = []
    private let keys: Int
    private let models: [String]
    private var random: UInt64 = 0x9E37_79B9_7F4A_7C15

    init(keys: Int, models: [String]) {
        self.keys = keys
        self.models = models
    }

    func frame(_ terminal: TimedTerminal, _ screen: CellBuffer, _ now: ContinuousClock.Instant) {
        switch phase {
        case .starting:
            let begin = now + .milliseconds(300)
            for (index, model) in models.enumerated() {
                terminal.schedule(StudioRig.command("/ask bench:\(model) go"), at: begin + .milliseconds(30 * index))
            }
            phase = .streaming(until: begin + .milliseconds(30 * models.count + 700))
        case .streaming(let until):
            if now >= until { typeNext(terminal, now) }
        case .typing(let letter, let due):
            guard now >= due, screen.text.contains(letter) else { return }
            latencies.append((now - due) / .milliseconds(1))
            let read = terminal.lastHandedOut ?? due
            readDelays.append((read - due) / .milliseconds(1))
            drawDelays.append((now - read) / .milliseconds(1))
            terminal.schedule([.key(KeyEvent(.backspace))], at: now)
            phase = .erasing(letter)
        case .erasing(let letter):
            guard !screen.text.contains(letter) else { return }
            if latencies.count >= keys {
                phase = .done
                terminal.finish()
            } else {
                typeNext(terminal, now)
            }
        case .done:
            break
        }
    }

    private func typeNext(_ terminal: TimedTerminal, _ now: ContinuousClock.Instant) {
        let letter = KeystrokeMeasure.letters[latencies.count % KeystrokeMeasure.letters.count]
        random = random &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        let due = now + .microseconds(3000 + Int(random >> 33) % 17_000)
        terminal.schedule([.key(.char(letter))], at: due)
        phase = .typing(letter, due: due)
    }
}
