import Synchronization
import UI

/// Where messages from outside the loop (engine events, effect answers, signals) wait until the
/// loop takes them. The loop never awaits it: it drains what is there between input reads.
///
/// Text deltas are merged while they wait: a delta for a message whose latest waiting message
/// is a delta is appended to that one. So a flood (33 streams, one message per token), or a
/// loop held up by a terminal that stopped reading, leaves a queue bounded by the text itself,
/// and each message costs one `update` per turn rather than one per token. Merging keeps each
/// message's own order; any other message for the pending deltas ends merging up to it.
///
/// A pump task is the only writer, the loop the only reader; the lock is held only to append or
/// swap the array. Sendable.
final class Mailbox: Sendable {
    private struct Queue {
        var messages: [AppMessage] = []
        /// Message id → position of its delta that later deltas may join.
        var openDeltas: [Int64: Int] = [:]
    }

    private let queue = Mutex(Queue())

    init() {}

    func post(_ message: AppMessage) {
        queue.withLock { queue in
            guard case .event(.messageDelta(let id, let text)) = message else {
                queue.openDeltas.removeAll(keepingCapacity: true)
                queue.messages.append(message)
                return
            }
            if let position = queue.openDeltas[id], case .event(.messageDelta(_, var joined)) = queue.messages[position] {
                // Free the slot's reference first, so the text grows in place (amortised), not copied.
                queue.messages[position] = .event(.messageDelta(id: id, text: ""))
                joined += text
                queue.messages[position] = .event(.messageDelta(id: id, text: joined))
            } else {
                queue.openDeltas[id] = queue.messages.count
                queue.messages.append(message)
            }
        }
    }

    /// Everything waiting, oldest first; the mailbox is then empty.
    func drain() -> [AppMessage] {
        queue.withLock { queue in
            let taken = queue.messages
            queue.messages.removeAll(keepingCapacity: true)
            queue.openDeltas.removeAll(keepingCapacity: true)
            return taken
        }
    }
}
