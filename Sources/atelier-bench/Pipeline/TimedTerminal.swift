import Foundation
import TerminalIO
import UI

/// The headless terminal backend with input on a clock: the screen is TerminalIO's
/// `HeadlessTerminal` (the same cell buffer the studio's tests read), but keys arrive at
/// scheduled instants, as from a person at a real terminal: `readInput` returns at once when
/// a key is due and otherwise sleeps at most until the next one (like ncurses' `wtimeout`). A
/// key's latency is counted from its due instant, so a loop that comes back late to read it
/// pays for that too. After every frame the `script` looks at the screen and may schedule
/// more input; when no frame comes (the screen is still, say every stream has ended) and no
/// input is waiting, it is also called every 50 ms from `readInput`, so a script waiting for
/// a moment in time is never stuck behind a frame that will not come. Past `deadline` it
/// hangs up (the studio quits) and records why.
///
/// Confined to the studio loop's thread while the studio runs; read it after `StudioApp.run`
/// returns (the loop thread's end orders every access).
final class TimedTerminal: TerminalBackend {
    /// What drives the terminal: called after each frame with the screen and the frame's instant.
    typealias Script = (TimedTerminal, CellBuffer, ContinuousClock.Instant) -> Void

    private let headless: HeadlessTerminal
    private var pending: [(due: ContinuousClock.Instant, input: TerminalInput)] = []
    private let script: Script
    private let deadline: ContinuousClock.Instant
    private let clock = ContinuousClock()
    /// Instant of the first frame drawn.
    private(set) var firstFrame: ContinuousClock.Instant?
    private(set) var frames = 0
    /// Set when the deadline passed before the script finished.
    private(set) var failure: String?
    private var hungUp = false
    /// When `readInput` last handed out input (to split a key's latency into waiting for the
    /// loop to read and the work from reading to drawing).
    private(set) var lastHandedOut: ContinuousClock.Instant?
    /// Each loop turn's work outside `readInput` (update, render, diff, draw), in
    /// milliseconds: wall time, and the loop thread's CPU time (their gap is time the thread
    /// waited for a processor).
    private(set) var turnWall: [Double] = []
    private(set) var turnCPU: [Double] = []
    private var turnStarted: (wall: ContinuousClock.Instant, cpu: Double)?
    /// When the script last looked at the screen.
    private var lastScript = ContinuousClock.now
    static let idleScriptInterval = Duration.milliseconds(50)

    init(size: Size = Size(width: 100, height: 30), timeout: Duration, script: @escaping Script) {
        headless = HeadlessTerminal(size: size, script: [])
        deadline = ContinuousClock.now + timeout
        self.script = script
    }

    /// Queues `inputs`, each due at `at` (in order).
    func schedule(_ inputs: [TerminalInput], at due: ContinuousClock.Instant) {
        for input in inputs { pending.append((due, input)) }
        pending.sort { $0.due < $1.due }
    }

    /// Ends the studio at the next read (as the terminal hanging up).
    func finish() {
        hungUp = true
    }

    func start() throws(TerminalError) -> TerminalInfo {
        try headless.start()
    }

    func readInput(timeoutMilliseconds: Int) -> [TerminalInput] {
        if let turnStarted {
            turnWall.append((clock.now - turnStarted.wall) / .milliseconds(1))
            turnCPU.append((Self.threadCPU() - turnStarted.cpu) * 1000)
        }
        defer { turnStarted = (clock.now, Self.threadCPU()) }
        if hungUp { return [.hangup] }
        var now = clock.now
        if now > deadline {
            failure = "timed out; the screen showed:\n\(headless.screen.text)"
            hungUp = true
            return [.hangup]
        }
        if pending.first.map({ $0.due > now }) ?? true {
            var wait = Duration.milliseconds(timeoutMilliseconds)
            if let next = pending.first?.due { wait = min(wait, next - now) }
            if wait > .zero { usleep(UInt32(max(1, wait / .microseconds(1)))) }
            now = clock.now
        }
        var due: [TerminalInput] = []
        while let first = pending.first, first.due <= now {
            due.append(first.input)
            pending.removeFirst()
        }
        if !due.isEmpty { lastHandedOut = now }
        if due.isEmpty && pending.isEmpty && now - lastScript >= Self.idleScriptInterval {
            lastScript = now
            script(self, headless.screen, now)
        }
        return due
    }

    func draw(_ runs: [CellRun], cursor: Position?) {
        headless.draw(runs, cursor: cursor)
        let now = clock.now
        frames += 1
        if firstFrame == nil { firstFrame = now }
        lastScript = now
        script(self, headless.screen, now)
    }

    func stop() {
        headless.stop()
    }

    /// This thread's CPU time in seconds.
    static func threadCPU() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}
