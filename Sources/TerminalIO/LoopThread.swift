import Foundation
import UI

/// Runs the studio loop on a thread of its own and hands back the final state to the awaiting
/// task. The loop blocks in short input waits; on Swift's cooperative pool (two threads on a
/// two-core machine) that wait would hold one of them, and the loop would queue behind every
/// engine task after each turn — keystroke echo of 100-400 ms under 33 streams. On its own
/// thread the operating system's scheduler gives it the processor as soon as a key arrives.
///
/// The backend is handed over whole: the calling task does not touch it until `run` returns
/// (the thread's start and the continuation's resumption order every access). Stateless.
enum LoopThread {
    /// Runs `loop` to its end on a new thread; returns its final state.
    static func run(_ loop: StudioLoop, terminal: any TerminalBackend, mailbox: Mailbox) async -> AppState {
        let handOver = HandOver(loop: loop, terminal: terminal)
        return await withCheckedContinuation { (continuation: CheckedContinuation<AppState, Never>) in
            let thread = Thread {
                Thread.current.threadDictionary[Self.marker] = true
                var loop = handOver.loop
                loop.run(terminal: handOver.terminal, mailbox: mailbox)
                continuation.resume(returning: loop.state)
            }
            thread.name = "atelier-studio-loop"
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    /// True on the loop's thread (Foundation's thread names do not reach Linux threads).
    static var isCurrent: Bool {
        Thread.current.threadDictionary[marker] as? Bool ?? false
    }

    private static let marker = "atelier.studio-loop"

    /// Carries the loop and the (non-Sendable) backend to the thread. Used by one thread at a
    /// time: the caller before `start`, the loop thread after it.
    private final class HandOver: @unchecked Sendable {
        let loop: StudioLoop
        let terminal: any TerminalBackend

        init(loop: StudioLoop, terminal: any TerminalBackend) {
            self.loop = loop
            self.terminal = terminal
        }
    }
}
