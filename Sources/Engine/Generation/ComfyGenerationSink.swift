import Comfy
import Core
import Foundation
import Synchronization

/// The chorus brush that really paints: each artist's image prompt becomes a generation
/// with the group's workflow and fixed parameters (source `chorus`, the run's id, the
/// group's session), sent to ComfyUI through the `GenerationService`, which records its
/// status, archived graph and assets. Brush parameters the workflow does not take are left
/// out with a note on the generation.
///
/// `submit` throws (and the artist run fails) only when nothing could be recorded: an
/// unknown or broken workflow, a value the workflow refuses, a database failure. In
/// `.background` mode (the default) it returns once the generation is queued, so a slow or
/// unreachable ComfyUI never holds the chorus's model-call permits; `.awaitResult` returns
/// when the job has ended (failed jobs too: their record says why); `.leaveQueued` (ComfyUI
/// is known not to answer) records the generation `queued` and sends nothing, for
/// `generations send` later. `waitForAll` waits for every job submitted so far and
/// `cancelAll` stops them. Every update is passed to `onUpdate` with its generation id.
/// Sendable; called from many artist tasks at once.
public final class ComfyGenerationSink: GenerationSink {
    /// When `submit` returns.
    public enum Completion: Sendable, Hashable {
        /// Once the generation is recorded and queued.
        case background
        /// Once the ComfyUI job has ended.
        case awaitResult
        /// Once the generation is recorded `queued`; nothing is sent (ComfyUI is away).
        case leaveQueued
    }

    public let service: GenerationService
    public let completion: Completion
    private let onUpdate: @Sendable (Int64, GenerationUpdate) -> Void
    private let followers = Mutex<[(handle: GenerationHandle, task: Task<GenerationOutcome?, Never>)]>([])

    public init(service: GenerationService, completion: Completion = .background,
                onUpdate: @escaping @Sendable (Int64, GenerationUpdate) -> Void = { _, _ in }) {
        self.service = service
        self.completion = completion
        self.onUpdate = onUpdate
    }

    public func submit(_ request: BrushRequest) async throws -> BrushReceipt {
        let template = try service.template(id: request.brush.workflowID)
        let order = GenerationOrder.brush(request, template: template)
        if completion == .leaveQueued {
            let details = try await service.prepare(order)
            let row = try await service.store.requeueGeneration(id: details.generation.id)
            onUpdate(row.id, .stored(row))
            return BrushReceipt(generationID: row.id)
        }
        let handle = try await service.run(order)
        let onUpdate = self.onUpdate
        let follower = Task<GenerationOutcome?, Never> {
            for await update in handle.updates { onUpdate(handle.generationID, update) }
            return try? await handle.result()
        }
        followers.withLock { $0.append((handle, follower)) }
        if completion == .awaitResult { _ = await follower.value }
        return BrushReceipt(generationID: handle.generationID)
    }

    /// Cancels every generation submitted so far that is still out (ComfyUI gets
    /// `POST /interrupt`; the records end `cancelled`). Idempotent.
    public func cancelAll() {
        for entry in followers.withLock({ $0 }) { entry.handle.cancel() }
    }

    /// Waits for every generation submitted so far; returns the outcomes that could be read
    /// (a generation whose record failed to write has none).
    public func waitForAll() async -> [GenerationOutcome] {
        let tasks = followers.withLock { $0.map(\.task) }
        var outcomes: [GenerationOutcome] = []
        for task in tasks {
            if let outcome = await task.value { outcomes.append(outcome) }
        }
        return outcomes
    }
}
