import Foundation

/// Streamed text that writers have appended and the store has not written yet, for every
/// streaming message of one `Store`, so that one flush transaction carries the appends of
/// all concurrent streams.
///
/// The size threshold grows with what is already stored: a flush rewrites each message's
/// whole `content` (`content = content || ?`), so flushing every `flushBytes` would cost
/// time quadratic in the length of a long answer. A flush is therefore asked for once the
/// pending bytes reach `flushBytes` or half the bytes already written for the messages
/// still streaming, whichever is larger: the total copied stays within a few times the
/// final length. The timed flush (`flushInterval`) still bounds what a crash can lose.
///
/// Thread-safe: `append` runs on the caller's thread (any actor), under a lock held for a
/// dictionary append only; `take`/`restore` run on the store's executor. Invariants: the
/// text of one message is kept in append order, also across a failed flush (its batch is
/// put back in front of newer text); a finished message accepts no more text; at most one
/// timed flush and one size-triggered flush are requested at a time.
final class PendingAppends: @unchecked Sendable {
    /// What the appender must arrange after an append.
    enum Wake: Equatable {
        case none
        /// The first text since the last flush: flush after the interval.
        case flushAfterInterval
        /// The size threshold was crossed: flush now.
        case flushNow
    }

    let flushInterval: Duration
    let flushBytes: Int

    private let lock = NSLock()
    // Everything below is guarded by `lock`.
    private var texts: [Int64: String] = [:]
    private var order: [Int64] = []
    private var byteCount = 0
    private var timerArmed = false
    private var urgentQueued = false
    private var finished: Set<Int64> = []
    private var error: StoreError?
    /// Bytes taken for writing so far, per message still streaming, and their sum.
    private var written: [Int64: Int] = [:]
    private var writtenTotal = 0

    init(flushInterval: Duration, flushBytes: Int) {
        self.flushInterval = flushInterval
        self.flushBytes = flushBytes
    }

    func append(_ text: String, to messageID: Int64) -> Wake {
        guard !text.isEmpty else { return .none }
        return lock.withLock {
            guard !finished.contains(messageID) else { return .none }
            if texts[messageID] == nil { order.append(messageID) }
            texts[messageID, default: ""].append(text)
            byteCount += text.utf8.count
            if byteCount >= max(flushBytes, writtenTotal / 2), !urgentQueued {
                urgentQueued = true
                return .flushNow
            }
            if !timerArmed {
                timerArmed = true
                return .flushAfterInterval
            }
            return .none
        }
    }

    /// Takes every pending text, in first-append order, and clears the flush requests.
    /// With `closing`, that message accepts no more text from now on.
    func take(closing messageID: Int64? = nil) -> [(id: Int64, text: String)] {
        lock.withLock {
            if let messageID { finished.insert(messageID) }
            let batch = order.compactMap { id in texts[id].map { (id: id, text: $0) } }
            for entry in batch { record(entry.text.utf8.count, for: entry.id) }
            if let messageID, let bytes = written.removeValue(forKey: messageID) { writtenTotal -= bytes }
            texts.removeAll(keepingCapacity: true)
            order.removeAll(keepingCapacity: true)
            byteCount = 0
            timerArmed = false
            urgentQueued = false
            return batch
        }
    }

    /// Puts back a batch whose flush failed, ahead of text appended since, and records the
    /// error. `reopening` undoes the closing of a `take(closing:)`. Returns true when the
    /// caller must schedule a timed retry (none is armed yet).
    func restore(_ batch: [(id: Int64, text: String)], error: StoreError, reopening messageID: Int64? = nil) -> Bool {
        lock.withLock {
            if let messageID { finished.remove(messageID) }
            self.error = error
            var restoredOrder: [Int64] = []
            for entry in batch {
                restoredOrder.append(entry.id)
                texts[entry.id] = entry.text + (texts[entry.id] ?? "")
                byteCount += entry.text.utf8.count
                if !finished.contains(entry.id) { record(-entry.text.utf8.count, for: entry.id) }
            }
            let restoredIDs = Set(restoredOrder)
            order = restoredOrder + order.filter { !restoredIDs.contains($0) }
            guard !timerArmed, !texts.isEmpty else { return false }
            timerArmed = true
            return true
        }
    }

    /// Adds `bytes` (negative to undo) to what was taken for writing for `messageID`. Lock held.
    private func record(_ bytes: Int, for messageID: Int64) {
        guard !finished.contains(messageID) || bytes < 0 else { return }
        let now = max(0, (written[messageID] ?? 0) + bytes)
        writtenTotal += now - (written[messageID] ?? 0)
        written[messageID] = now == 0 ? nil : now
    }

    /// Clears the recorded error after a flush succeeded.
    func recordSuccess() {
        lock.withLock { error = nil }
    }

    /// The error of the last flush if it failed and no flush has succeeded since.
    var lastError: StoreError? { lock.withLock { error } }

    /// Whether any text waits to be written.
    var isEmpty: Bool { lock.withLock { texts.isEmpty } }
}
