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
        let lease: GenerationLease?
        let queued: StoredGeneration
        do {
            lease = try followingLease(for: row)
            for note in notes { try await store.addGenerationNote(id: generationID, note) }
            queued = try await store.requeueGeneration(id: generationID)
        } catch {
            release(generationID)
            throw error
        }
        let request = GenerationRequest(template: template, parameters: parameters,
                                        session: Self.folderName(sessionID: row.sessionID), generation: String(generationID),
                                        inputImage: inputImage)
        return follow(generationID: generationID, first: queued, lease: lease) { runner.start(request) }
    }

    /// Starts the job `start` makes (under the state lock) and follows it into the store
    /// and the handle's updates; the lease and the claim end with the follower.
    func follow(generationID: Int64, first: StoredGeneration, lease: GenerationLease?, graph: JSONValue? = nil,
                notices: [String] = [], start: () -> GenerationJob) -> GenerationHandle {
        let (updates, continuation) = AsyncStream.makeStream(of: GenerationUpdate.self, bufferingPolicy: .unbounded)
        continuation.yield(.stored(first))
        for notice in notices { continuation.yield(.notice(notice)) }
        let follower = GenerationFollower(store: store, generationID: generationID, emit: { continuation.yield($0) }, graph: graph)
        let store = self.store
        return state.withLock { state -> GenerationHandle in
            // Made under the lock, so the task's `release` cannot run before the handle is registered.
            let job = start()
            let task = Task<GenerationOutcome, Error> { [self] in
                defer {
                    lease?.release()
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

    /// The cross-process lease of a generation about to be followed: `busy` when another
    /// live process follows it; nil when its folder or lock file cannot be made (the runner
    /// then reports the folder problem itself).
    func followingLease(for row: StoredGeneration) throws(GenerationServiceError) -> GenerationLease? {
        guard let directory = try? runner.saver.generationDirectory(session: Self.folderName(sessionID: row.sessionID),
                                                                     generation: String(row.id)) else { return nil }
        switch GenerationLease.acquire(directory: directory) {
        case .success(let lease): return lease
        case .failure(.held):
            throw GenerationServiceError(.busy, "generation \(row.id) is being followed by another atelier process")
        case .failure(.system): return nil
        }
    }

    /// Whether a live process (this one included) follows the generation
    /// now. Creates nothing; a process of an older build that follows it is not seen.
    public func isFollowed(_ row: StoredGeneration) -> Bool {
        Self.isFollowed(row, dataDirectory: runner.saver.dataDirectory)
    }

    /// `isFollowed` for outputs under `dataDirectory`, without a service (listings).
    public static func isFollowed(_ row: StoredGeneration, dataDirectory: String) -> Bool {
        GenerationLease.isHeld(directory: dataDirectory + "/generations/" + folderName(sessionID: row.sessionID) + "/" + String(row.id))
    }

    func claim(_ generationID: Int64) throws(GenerationServiceError) {
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
