import Comfy
import Core
import Foundation
import Store

extension GenerationService {
    /// Puts a recorded generation in the queue and follows it: pending ones, and failed or
    /// cancelled ones sent again (same record, same folder; new files take the next free
    /// names). The stored parameters are used with the row's prompts; a stored value the
    /// workflow no longer takes is left out with a note. `inputImage` is uploaded for a
    /// workflow with an `input_image` binding. Throws `noSuchGeneration`, `busy`, the
    /// workflow errors, or a `StoreError`; ComfyUI failures end up in the outcome instead.
    public func send(generationID: Int64, inputImage: [UInt8]? = nil) async throws -> GenerationHandle {
        guard let details = try await store.generationDetails(id: generationID) else {
            throw GenerationServiceError(.noSuchGeneration, "there is no generation \(generationID)")
        }
        let row = details.generation
        let template = try template(id: row.workflowID)
        let (stored, notes) = Self.parameters(fromJSON: row.parametersJSON, template: template)
        var parameters = stored
        if template.bindings["prompt"] != nil { parameters["prompt"] = .string(row.positive) }
        if template.bindings["negative_prompt"] != nil { parameters["negative_prompt"] = .string(row.negative) }
        try claim(generationID)
        let queued: StoredGeneration
        do {
            for note in notes { try await store.addGenerationNote(id: generationID, note) }
            queued = try await store.requeueGeneration(id: generationID)
        } catch {
            release(generationID)
            throw error
        }
        let request = GenerationRequest(template: template, parameters: parameters,
                                        session: Self.folderName(sessionID: row.sessionID), generation: String(generationID),
                                        inputImage: inputImage)
        let (updates, continuation) = AsyncStream.makeStream(of: GenerationUpdate.self, bufferingPolicy: .unbounded)
        continuation.yield(.stored(queued))
        let follower = GenerationFollower(store: store, generationID: generationID, emit: { continuation.yield($0) })
        let store = self.store
        return state.withLock { state -> GenerationHandle in
            // Made under the lock, so the task's `release` cannot run before the handle is registered.
            let job = runner.start(request)
            let task = Task<GenerationOutcome, Error> { [self] in
                defer {
                    continuation.finish()
                    release(generationID)
                }
                do {
                    return try await follower.follow(job)
                } catch {
                    job.cancel()
                    _ = try? await store.finishGeneration(id: generationID, status: .failed,
                                                          error: "recording the generation failed: \(error)")
                    throw error
                }
            }
            let handle = GenerationHandle(generationID: generationID, updates: updates, job: job, task: task)
            state.handles[generationID] = handle
            return handle
        }
    }

    /// Stored parameters as values for `template`: prompts are left out (they come from the
    /// row's columns), names the template does not bind and values it cannot take are left
    /// out, each with a note.
    static func parameters(fromJSON text: String, template: WorkflowTemplate) -> ([String: WorkflowValue], [String]) {
        guard let object = (try? JSONValue.parse(Data(text.utf8)))?.objectValue else {
            return ([:], ["the stored parameters could not be read; the workflow's defaults are used"])
        }
        var values: [String: WorkflowValue] = [:]
        var notes: [String] = []
        for name in object.keys.sorted() where !GenerationOrder.promptNames.contains(name) {
            guard let json = object[name], let binding = template.bindings[name] else {
                notes.append("the stored \(name) was left out: workflow '\(template.id)' does not take it")
                continue
            }
            guard let value = WorkflowValue(json: json)?.converted(to: binding.kind) else {
                notes.append("the stored \(name) was left out: workflow '\(template.id)' takes \(binding.kind.phrase)")
                continue
            }
            values[name] = value
        }
        return (values, notes)
    }

    private func claim(_ generationID: Int64) throws(GenerationServiceError) {
        let claimed = state.withLock { $0.reserved.insert(generationID).inserted }
        guard claimed else { throw GenerationServiceError(.busy, "generation \(generationID) is being rendered now") }
    }

    func release(_ generationID: Int64) {
        state.withLock { state in
            state.reserved.remove(generationID)
            state.handles[generationID] = nil
        }
    }
}
