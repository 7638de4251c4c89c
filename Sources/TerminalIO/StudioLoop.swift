import Foundation
import UI

/// One turn after another of the studio loop: read input (short wait), take outside messages,
/// tick, update, and draw when the scheduler allows. Holds the state and the last frame drawn.
/// A value owned by the loop's thread while it runs; only that thread touches the backend.
struct StudioLoop {
    private(set) var state: AppState
    private var scheduler: FrameScheduler
    private var shown: CellBuffer
    private let options: StudioOptions
    private let effects: AsyncStream<Effect>.Continuation
    private let clock = ContinuousClock()

    init(state initial: AppState, info: TerminalInfo, options: StudioOptions, effects: AsyncStream<Effect>.Continuation) {
        var state = initial
        state.colorSupport = info.colorSupport
        state.size = info.size
        self.state = state
        self.options = options
        self.effects = effects
        self.scheduler = FrameScheduler(frameInterval: options.frameInterval, tickInterval: options.tickInterval)
        self.shown = CellBuffer(size: Size(width: 0, height: 0))
    }

    /// Turns until quit. Synchronous: it runs on the loop's own thread (see `LoopThread`), so
    /// waiting for input never holds a thread of Swift's cooperative pool, and engine tasks
    /// queued on that pool never hold up a key.
    mutating func run(terminal: any TerminalBackend, mailbox: Mailbox) {
        let start = clock.now
        while !state.isQuitting {
            let now = clock.now - start
            let wait = scheduler.inputWait(at: now, limit: options.inputWait)
            let milliseconds = max(0, Int((wait / .milliseconds(1)).rounded(.up)))
            let inputs = terminal.readInput(timeoutMilliseconds: milliseconds)
            for input in inputs {
                apply(Self.message(for: input))
            }
            for message in mailbox.drain() {
                apply(message)
            }
            // What the person typed is drawn now, not at the next frame slot.
            if !inputs.isEmpty { scheduler.markUrgent() }
            let later = clock.now - start
            if scheduler.takeTick(at: later) {
                _ = update(&state, .tick)
                if state.isAnimating { scheduler.markDirty() }
            }
            if scheduler.shouldDraw(at: later) || state.isQuitting {
                drawFrame(terminal)
                scheduler.didDraw(at: later)
                scheduler.noteFrameCost(clock.now - start - later)
            }
        }
    }

    /// Runs `update` and queues its effects in order.
    mutating func apply(_ message: AppMessage) {
        for effect in update(&state, message) {
            effects.yield(effect)
        }
        scheduler.markDirty()
    }

    /// Renders and draws only what changed since the last frame.
    mutating func drawFrame(_ terminal: any TerminalBackend) {
        let frame = render(state, state.size)
        let runs = CellBuffer.diff(from: shown, to: frame)
        if !runs.isEmpty || frame.cursor != shown.cursor {
            terminal.draw(runs, cursor: frame.cursor)
        }
        shown = frame
    }

    static func message(for input: TerminalInput) -> AppMessage {
        switch input {
        case .key(let key): return .key(key)
        case .paste(let text): return .paste(text)
        case .resize(let size): return .resize(size)
        case .hangup: return .terminate(signal: SIGHUP)
        }
    }
}
