import Testing
@testable import Store

/// The size-triggered flush of streamed text grows with what a message already stored, so a
/// long answer is not rewritten every few kilobytes (quadratic copying in `content || ?`).
@Suite struct PendingAppendsThresholdTests {
    private static let kilobyte = String(repeating: "x", count: 1024)

    /// Appends 1 KiB pieces to `id` until a flush-now is asked for; returns how many it took.
    private func appendsUntilFlushNow(_ pending: PendingAppends, id: Int64, limit: Int = 1_000) -> Int? {
        for count in 1...limit where pending.append(Self.kilobyte, to: id) == .flushNow {
            return count
        }
        return nil
    }

    @Test func firstFlushComesAtTheConfiguredSize() {
        let pending = PendingAppends(flushInterval: .seconds(60), flushBytes: 4096)
        #expect(pending.append(Self.kilobyte, to: 1) == .flushAfterInterval)
        #expect(appendsUntilFlushNow(pending, id: 1) == 3)   // 4 KiB in all
    }

    @Test func thresholdGrowsWithWhatTheMessageAlreadyWrote() throws {
        let pending = PendingAppends(flushInterval: .seconds(60), flushBytes: 4096)
        var written = 0
        var sizes: [Int] = []
        for _ in 0..<6 {
            let appends = try #require(appendsUntilFlushNow(pending, id: 7))
            let batch = pending.take()
            let bytes = batch.reduce(0) { $0 + $1.text.utf8.count }
            sizes.append(bytes)
            // 1 KiB pieces: the first append that reaches max(4 KiB, half of what was written).
            #expect(appends == max(4, (written / 2 + 1023) / 1024), "flushed \(bytes) bytes after \(written) written")
            written += bytes
        }
        // Each batch is at least half of what was written before it: the batches grow geometrically.
        #expect(sizes.last ?? 0 > sizes.first ?? 0)
        #expect(written >= 40 * 1024)
    }

    @Test func closingAMessageForgetsItsSize() throws {
        let pending = PendingAppends(flushInterval: .seconds(60), flushBytes: 4096)
        for _ in 0..<5 {
            _ = try #require(appendsUntilFlushNow(pending, id: 1))
            _ = pending.take()
        }
        _ = pending.take(closing: 1)
        // A new message starts again at the configured size.
        _ = pending.append(Self.kilobyte, to: 2)
        #expect(appendsUntilFlushNow(pending, id: 2) == 3)
    }

    @Test func restoredBatchDoesNotCountAsWritten() throws {
        let pending = PendingAppends(flushInterval: .seconds(60), flushBytes: 4096)
        for _ in 0..<5 {
            _ = try #require(appendsUntilFlushNow(pending, id: 1))
            let batch = pending.take()
            _ = pending.restore(batch, error: StoreError(code: 1, message: "disk full"))
            _ = pending.take()   // the retry, which succeeds
        }
        // Every batch counts once: a restore undid the count of the failed take. Five rounds
        // of 4, 4, 4, 6 and 9 KiB wrote 27 KiB, so the next flush comes at 14 KiB (not 27).
        #expect(appendsUntilFlushNow(pending, id: 1) == 14)
    }
}
