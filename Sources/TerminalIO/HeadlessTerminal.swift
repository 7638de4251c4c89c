import Foundation
import UI

/// A terminal with no terminal: scripted input in, drawn cells into a `CellBuffer` that tests
/// read as text. It runs the same `Studio.run` loop as the real screen — the same diffing, the
/// same waits — so tests and the benchmark exercise the real runtime.
///
/// The script is a list of steps: input to deliver, or a wait until the screen shows a text
/// (for outside events to arrive). When the script runs out it reports a hang-up, which quits.
/// A wait that times out is recorded in `failures` and also ends the run.
/// Not Sendable: confined to the loop task; read its properties after `Studio.run` returns.
public final class HeadlessTerminal: TerminalBackend {
    /// One scripted step.
    public enum Step: Sendable {
        case input(TerminalInput)
        /// Waits until the screen's text contains `text`, at most `timeout`.
        case waitFor(String, timeout: Duration)
        /// Waits until `condition` holds for the screen's text, at most `timeout`.
        case waitUntil(String, timeout: Duration, condition: @Sendable (String) -> Bool)

        /// Types each character of `text` as a key.
        public static func type(_ text: String) -> [Step] { text.map { .input(.key(.char($0))) } }
        public static func key(_ key: KeyEvent) -> Step { .input(.key(key)) }
        public static func wait(_ text: String) -> Step { .waitFor(text, timeout: .seconds(5)) }
    }

    /// What the screen shows now.
    public private(set) var screen: CellBuffer
    public private(set) var cursor: Position?
    /// Draw calls so far, and how many cells they wrote.
    public private(set) var frames = 0
    public private(set) var cellsWritten = 0
    /// Waits that timed out, with the screen at that moment.
    public private(set) var failures: [String] = []
    public private(set) var isStarted = false
    private var steps: [Step]
    private let colorSupport: ColorSupport
    private var waitStarted: ContinuousClock.Instant?
    private let clock = ContinuousClock()

    public init(size: Size = Size(width: 80, height: 24), colorSupport: ColorSupport = .many, script: [Step]) {
        self.screen = CellBuffer(size: size)
        self.colorSupport = colorSupport
        self.steps = script
    }

    public func start() throws(TerminalError) -> TerminalInfo {
        isStarted = true
        return TerminalInfo(size: screen.size, colorSupport: colorSupport)
    }

    public func readInput(timeoutMilliseconds: Int) -> [TerminalInput] {
        var inputs: [TerminalInput] = []
        while let step = steps.first {
            switch step {
            case .input(let input):
                steps.removeFirst()
                inputs.append(input)
                if case .resize(let size) = input { screen = CellBuffer(size: size) }
                if case .resize = input { return inputs }
            case .waitFor(let text, let timeout):
                if !inputs.isEmpty { return inputs }
                if waited(until: { $0.contains(text) }, timeout: timeout, label: text, milliseconds: timeoutMilliseconds) {
                    continue
                }
                return failures.isEmpty ? [] : [.hangup]
            case .waitUntil(let label, let timeout, let condition):
                if !inputs.isEmpty { return inputs }
                if waited(until: condition, timeout: timeout, label: label, milliseconds: timeoutMilliseconds) { continue }
                return failures.isEmpty ? [] : [.hangup]
            }
        }
        return inputs.isEmpty ? [.hangup] : inputs
    }

    /// True when the condition holds (the step is done); otherwise sleeps like a read timeout.
    private func waited(until condition: (String) -> Bool, timeout: Duration, label: String, milliseconds: Int) -> Bool {
        if condition(screen.text) {
            steps.removeFirst()
            waitStarted = nil
            return true
        }
        let began = waitStarted ?? clock.now
        waitStarted = began
        if clock.now - began > timeout {
            failures.append("timed out waiting for “\(label)”; the screen showed:\n\(screen.text)")
            steps.removeAll()
            return false
        }
        if milliseconds > 0 { usleep(UInt32(min(milliseconds, 50)) * 1000) }
        return false
    }

    public func draw(_ runs: [CellRun], cursor: Position?) {
        frames += 1
        for run in runs {
            cellsWritten += run.cells.count
            screen.apply(run)
        }
        self.cursor = cursor
        screen.cursor = cursor
    }

    public func stop() {
        isStarted = false
    }
}
