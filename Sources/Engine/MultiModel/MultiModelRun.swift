import Core
import Foundation
import Store

/// A multi-model run in progress: one prompt to two or more models in parallel, each going
/// `initial` → `debate` → `complete` (or `error`), then the master's synthesis streamed into
/// the main conversation while the run summary is written beside it.
///
/// `start` validates, stores the run (prompt, entries, thread sessions) and returns at once;
/// the work runs in its own task. `events` is the run's one stream (unbounded, so nothing is
/// lost; one consumer), starting with `.started` and ending with `.finished`; every status
/// change is stored before it is emitted. Sendable: any task may hold it, `cancel` it, or
/// await `result()`.
public final class MultiModelRun: Sendable {
    public let runID: Int64
    public let sessionID: Int64
    public let events: AsyncStream<DebateEvent>
    private let task: Task<DebateRunDetail, any Error>

    private init(runID: Int64, sessionID: Int64, events: AsyncStream<DebateEvent>, task: Task<DebateRunDetail, any Error>) {
        self.runID = runID
        self.sessionID = sessionID
        self.events = events
        self.task = task
    }

    /// Stores the run and starts it. Throws `MultiModelError` for a request that cannot run
    /// (fewer than two models, an empty prompt, an unknown session) and `StoreError` when the
    /// database fails; model failures are never thrown (they are stored on their entries).
    public static func start(_ request: DebateRequest, store: Store, directory: any ModelDirectory) async throws -> MultiModelRun {
        guard !request.prompt.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw MultiModelError.emptyPrompt
        }
        guard request.models.count >= 2, let first = request.models.first else {
            throw MultiModelError.tooFewModels(request.models.count)
        }
        let master = request.master ?? first
        let sessionID: Int64
        if let requested = request.sessionID {
            guard try await store.session(id: requested) != nil else { throw MultiModelError.noSuchSession(requested) }
            sessionID = requested
        } else {
            sessionID = try await store.createSession(kind: .debate, title: RunTitle.from(request.prompt)).id
        }
        let detail = try await store.createDebateRun(sessionID: sessionID, prompt: request.prompt, models: request.models,
                                                     master: master, summaryModel: request.summaryModel ?? master)
        let (events, continuation) = AsyncStream.makeStream(of: DebateEvent.self, bufferingPolicy: .unbounded)
        continuation.yield(.started(detail))
        let driver = DebateDriver(store: store, runner: TurnRunner(store: store, directory: directory),
                                  side: SideCall(store: store, directory: directory), request: request, detail: detail,
                                  emit: { continuation.yield($0) })
        let task = Task {
            defer { continuation.finish() }
            do {
                return try await driver.run()
            } catch {
                // The database failed mid-run: leave a readable reason if it can still be written.
                _ = try? await store.setDebateRunStatus(runID: detail.run.id, status: .failed,
                                                        error: "the run stopped: \(error)")
                throw error
            }
        }
        return MultiModelRun(runID: detail.run.id, sessionID: sessionID, events: events, task: task)
    }

    /// Stops the run: calls in flight end `interrupted`, their entries `error` ("cancelled"),
    /// and the run `cancelled`. Returns at once; `result()` waits for the stored outcome.
    public func cancel() {
        task.cancel()
    }

    /// The run as stored once it is terminal. Throws only a database error.
    public func result() async throws -> DebateRunDetail {
        try await task.value
    }
}
