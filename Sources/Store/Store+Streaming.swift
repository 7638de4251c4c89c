/// The flush side of batched streaming writes: buffered text of every writer goes to the
/// file in one transaction. Runs on the `Store` actor; `scheduleFlush` may be called from
/// any thread.
extension Store {
    /// Writes every writer's buffered text now, in one transaction (none when nothing
    /// waits). On failure the text stays buffered for the next flush (retried after the
    /// flush interval) and the error is thrown and kept in `lastFlushError`.
    public func flushPendingAppends() throws {
        let batch = pending.take()
        guard !batch.isEmpty else { return }
        let at = timestamp()
        do {
            try write { db in try Store.applyAppends(batch, db, at: at) }
        } catch {
            let storeError = error as? StoreError ?? StoreError(code: 1, message: "\(error)")
            if pending.restore(batch, error: storeError), isOpen { scheduleFlush(now: false) }
            throw error
        }
        pending.recordSuccess()
    }

    /// The error of the last failed flush of streamed text, nil once a flush succeeds.
    public nonisolated var lastFlushError: StoreError? { pending.lastError }

    /// Asks for a flush: at once, or after the flush interval. The task holds the store
    /// until it has run; a failure is recorded (see `lastFlushError`) and retried.
    nonisolated func scheduleFlush(now: Bool) {
        let interval = pending.flushInterval
        Task {
            if !now { try? await Task.sleep(for: interval) }
            await self.flushFromTimer()
        }
    }

    private func flushFromTimer() {
        guard isOpen else { return }
        do {
            try flushPendingAppends()
        } catch {
            // Recorded in `pending` and retried by `flushPendingAppends`; the writer's
            // `finish` or `flush` throws it to its caller.
        }
    }
}
