import Dispatch
import Foundation

/// Turns SIGINT, SIGTERM and SIGHUP into a callback on a private queue (so a verb can cancel
/// its work, commit what it has and exit with the right code), and ignores SIGPIPE so a
/// closed pipe is an error on write, not a silent death.
///
/// Install once per process and keep it on the task that made it (not Sendable); the
/// handler runs on a private serial queue.
public final class SignalTrap {
    private let sources: [any DispatchSourceSignal]

    /// Starts trapping; `handler` receives the signal number.
    public init(_ signals: [Int32] = [SIGINT, SIGTERM, SIGHUP], handler: @escaping @Sendable (Int32) -> Void) {
        signal(SIGPIPE, SIG_IGN)
        let queue = DispatchQueue(label: "atelier.signals")
        var made: [any DispatchSourceSignal] = []
        for number in signals {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { handler(number) }
            source.resume()
            made.append(source)
        }
        sources = made
    }

    /// Stops trapping and restores the default actions.
    public func cancel() {
        for source in sources {
            source.cancel()
            signal(Int32(source.handle), SIG_DFL)
        }
    }
}
