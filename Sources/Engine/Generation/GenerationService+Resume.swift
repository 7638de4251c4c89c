import Comfy
import Core
import Foundation
import Store

extension GenerationService {
    /// Whether `resume` would pick the generation up: left `running`, or `queued` (with or
    /// without a ComfyUI prompt id), and followed by no live process.
    public func isResumable(_ row: StoredGeneration) -> Bool {
        (row.status == .running || row.status == .queued) && !isFollowed(row) && handle(generationID: row.id) == nil
    }

    /// Picks up a generation a stopped Atelier left `running` or `queued`: ComfyUI is asked
    /// about the stored prompt id (see `GenerationRunner.resume`) — finished: its outputs
    /// are saved into the generation's folder and it ends `complete`; still queued or
    /// running: it is followed live to its end; unknown: it ends `failed` with the reason. A
    /// `queued` generation without a prompt id was never sent: it is sent now (`send`).
    /// Updates, handle and outcome as for `send`; a note on the record says it was resumed.
    /// Throws `noSuchGeneration`; `busy` when a live process (this one included) follows
    /// it; `notEditable` when it is not left running or queued; or a `StoreError`.
    public func resume(generationID: Int64) async throws -> GenerationHandle {
        guard let details = try await store.generationDetails(id: generationID) else {
            throw GenerationServiceError(.noSuchGeneration, "there is no generation \(generationID)")
        }
        let row = details.generation
        guard row.status == .running || row.status == .queued else {
            let hint = row.status == .pending ? ": it was never sent (send it with `generations send`)" : ""
            throw GenerationServiceError(.notEditable,
                                         "generation \(generationID) is \(row.status.rawValue), not left running or queued\(hint)")
        }
        guard let promptID = row.comfyPromptID, !promptID.isEmpty else {
            return try await send(generationID: generationID)
        }
        try claim(generationID)
        let lease: GenerationLease?
        do {
            lease = try followingLease(for: row)
            try await store.addGenerationNote(id: generationID, "resumed: following ComfyUI job \(promptID) again")
        } catch {
            release(generationID)
            throw error
        }
        let graph = row.workflowJSON.flatMap { try? JSONValue.parse(Data($0.utf8)) }
        let session = Self.folderName(sessionID: row.sessionID)
        let notice = "resuming generation \(generationID): asking ComfyUI about job \(promptID)"
        return follow(generationID: generationID, first: row, lease: lease, graph: graph, notices: [notice]) {
            runner.resume(promptID: promptID, graph: graph, session: session, generation: String(generationID))
        }
    }
}
