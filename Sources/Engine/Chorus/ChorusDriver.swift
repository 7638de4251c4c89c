import Core
import Foundation
import Providers
import Store

/// Runs the queued artist runs of one group, each in its own child task. A run takes a
/// permit of its provider's limiter, then one of the global limiter (in that order, so a
/// run waiting for a busy provider never holds a global permit); with both held it checks
/// for cancellation and the budget, then makes one attempt (`ChorusDriver+Attempt`). The
/// permits are returned between attempts, so a retry's backoff never blocks other artists.
///
/// Used by `Chorus` from the group's one task.
struct ChorusDriver: Sendable {
    let store: Store
    let runner: TurnRunner
    let sink: any GenerationSink
    let settings: ChorusSettings
    let global: ConcurrencyLimiter
    let providerLimiters: [String: ConcurrencyLimiter]
    let group: ChorusGroup
    let emit: @Sendable (ChorusEvent) -> Void
    let budgetStop = OnceFlag()

    func run(_ runs: [ChorusRun]) async throws -> ChorusGroupDetail {
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            for run in runs { tasks.addTask { try await perform(run) } }
            try await tasks.waitForAll()
        }
        let cancelled = Task.isCancelled
        let final = try await store.setChorusGroupStatus(groupID: group.id, status: cancelled ? .cancelled : .complete,
                                                         note: cancelled ? "cancelled" : nil)
        if cancelled { emit(.cancelled) }
        emit(.groupChanged(final))
        guard let detail = try await store.chorusGroupDetail(id: group.id) else {
            throw StoreError(.notFound, message: "chorus group \(group.id) vanished while it ran")
        }
        emit(.stats(detail.stats))
        emit(.finished(detail))
        return detail
    }

    /// One run from queued to terminal: attempts under permits, with retries.
    private func perform(_ run: ChorusRun) async throws {
        let provider = providerLimiters[run.artist.model.provider] ?? ConcurrencyLimiter(limit: 1)
        var retries = 0
        while true {
            guard await acquire(provider) else { return try await fail(run.id, "cancelled") }
            let result: AttemptResult
            do {
                result = try await launch(run)
            } catch {
                await release(provider)
                throw error
            }
            await release(provider)
            guard case .retryable(let failure, let messageID) = result else { return }
            guard !Task.isCancelled, let delay = settings.retry.delayBeforeRetry(after: Self.retryable(failure),
                                                                                retriesSoFar: retries) else {
                return try await fail(run.id, Task.isCancelled ? "cancelled" : failure.description, messageID: messageID)
            }
            retries += 1
            emit(.retrying(runID: run.id, attempt: retries + 1, delay: delay, reason: failure.description))
            do {
                try await settings.sleep(delay)
            } catch {
                return try await fail(run.id, "cancelled", messageID: messageID)
            }
        }
    }

    /// With permits held: stop for a cancel or an exhausted budget, else make the attempt.
    private func launch(_ run: ChorusRun) async throws -> AttemptResult {
        if Task.isCancelled {
            try await fail(run.id, "cancelled")
            return .final
        }
        if let budget = group.budget {
            let spent = try await store.chorusSpent(groupID: group.id)
            if spent > 0 && spent >= budget {
                if budgetStop.claim() {
                    let note = "budget exhausted: \(ChorusError.dollars(spent)) of \(ChorusError.dollars(budget)) spent"
                    emit(.groupChanged(try await store.setChorusGroupStatus(groupID: group.id, status: .running, note: note)))
                    emit(.budgetStopped(spent: spent, budget: budget))
                }
                try await fail(run.id, "budget exhausted (\(ChorusError.dollars(spent)) of \(ChorusError.dollars(budget)) spent)")
                return .final
            }
        }
        return try await attempt(run)
    }

    /// Marks a run `failed` with `reason`, then emits it and the new statistics.
    func fail(_ runID: Int64, _ reason: String, messageID: Int64? = nil) async throws {
        let failed = try await store.setChorusRunStatus(runID: runID, status: .failed,
                                                        stage: try await store.chorusRun(id: runID)?.stage,
                                                        error: reason, messageID: messageID)
        emit(.runChanged(failed))
        emit(.stats(try await store.chorusStats(groupID: group.id)))
    }

    private func acquire(_ provider: ConcurrencyLimiter) async -> Bool {
        do { try await provider.acquire() } catch { return false }
        do { try await global.acquire() } catch {
            await provider.release()
            return false
        }
        return true
    }

    private func release(_ provider: ConcurrencyLimiter) async {
        await global.release()
        await provider.release()
    }

    /// A provider failure in the retry policy's terms: connection-like failures and
    /// retryable statuses repeat; a refused key, an unknown model, a cancel do not.
    static func retryable(_ failure: ProviderError) -> RetryableFailure {
        switch failure.kind {
        case .unreachable, .firstByteTimeout, .stalled, .incomplete, .streamError:
            return .connection
        case .rateLimited:
            return .status(429, headers: [])
        case .http:
            return .status(failure.status ?? 500, headers: [])
        case .authentication, .modelNotFound, .malformed, .tooLarge, .cancelled, .configuration:
            return .status(400, headers: [])
        }
    }
}

/// A flag that is claimed once. Thread-safe (a lock guards one Bool); any task.
final class OnceFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var claimed = false

    /// True for the first caller only.
    func claim() -> Bool {
        lock.withLock {
            defer { claimed = true }
            return !claimed
        }
    }
}
