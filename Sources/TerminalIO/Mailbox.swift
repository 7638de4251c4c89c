import Synchronization
import UI

/// Where messages from outside the loop (engine events, effect answers, signals) wait until the
/// loop takes them. The loop never awaits it: it drains what is there between input reads.
/// A pump task is the only writer, the loop the only reader; the lock is held only to append or
/// swap the array. Sendable.
final class Mailbox: Sendable {
    private let queue = Mutex<[AppMessage]>([])

    init() {}

    func post(_ message: AppMessage) {
        queue.withLock { $0.append(message) }
    }

    /// Everything waiting, oldest first; the mailbox is then empty.
    func drain() -> [AppMessage] {
        queue.withLock { waiting in
            let taken = waiting
            waiting.removeAll(keepingCapacity: true)
            return taken
        }
    }
}
