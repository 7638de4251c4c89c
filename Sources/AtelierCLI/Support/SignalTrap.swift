import Dispatch
import Foundation
import Synchronization

/// Turns SIGINT, SIGTERM and SIGHUP into a callback on a private queue (so a verb can cancel
/// its work, commit what it has and exit with the right code), and ignores SIGPIPE so a
/// closed pipe is an error on write, not a silent death.
///
/// Traps may follow one another in one process (a team session, then its generation): each
/// registers with the process's one `SignalHub`, the newest live trap for a signal gets it,
/// and with none live the signal takes its default action (the process ends), as before any
/// trap. Keep a trap on the task that made it (not Sendable); handlers run on a private
/// serial queue.
public final class SignalTrap {
    private let token: UInt64
    private var cancelled = false

    /// Starts trapping; `handler` receives the signal number.
    public init(_ signals: [Int32] = [SIGINT, SIGTERM, SIGHUP], handler: @escaping @Sendable (Int32) -> Void) {
        token = SignalHub.shared.add(signals: Set(signals), handler: handler)
    }

    /// Stops trapping: the signals go to the previous live trap, else take their default action.
    public func cancel() {
        guard !cancelled else { return }
        cancelled = true
        SignalHub.shared.remove(token)
    }
}

/// The process's signal sources, made once per signal and never cancelled: libdispatch on
/// Linux installs its handler when a signal's first source is made and does not install it
/// again for a later source, so a second trap made after the first was cancelled (which had
/// put back `SIG_DFL`) never heard its signal. Live traps are kept in order of creation.
/// Thread-safe; the sources' events run on one private serial queue.
final class SignalHub: Sendable {
    static let shared = SignalHub()

    private struct Entry {
        var token: UInt64
        var signals: Set<Int32>
        var handler: @Sendable (Int32) -> Void
    }

    private struct State {
        var next: UInt64 = 0
        var entries: [Entry] = []
        var sources: [Int32: any DispatchSourceSignal] = [:]
    }

    private let state = Mutex(State())
    private let queue = DispatchQueue(label: "atelier.signals")

    func add(signals: Set<Int32>, handler: @escaping @Sendable (Int32) -> Void) -> UInt64 {
        signal(SIGPIPE, SIG_IGN)
        let queue = self.queue
        return state.withLock { state in
            state.next += 1
            state.entries.append(Entry(token: state.next, signals: signals, handler: handler))
            for number in signals.sorted() where state.sources[number] == nil {
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
                source.setEventHandler { SignalHub.shared.deliver(number) }
                source.resume()
                state.sources[number] = source
            }
            return state.next
        }
    }

    func remove(_ token: UInt64) {
        state.withLock { $0.entries.removeAll { $0.token == token } }
    }

    /// Hands the signal to the newest live trap for it; with none, the default action.
    private func deliver(_ number: Int32) {
        let handler = state.withLock { $0.entries.last { $0.signals.contains(number) }?.handler }
        if let handler {
            handler(number)
            return
        }
        signal(number, SIG_DFL)
        raise(number)
    }
}
