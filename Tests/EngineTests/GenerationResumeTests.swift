import Comfy
import Core
import Engine
import Foundation
import Store
import Testing
import TestSupport

/// `GenerationService.resume`: generations a stopped Atelier left `running` or `queued`,
/// against the fake ComfyUI and a real database.
@Suite struct GenerationResumeTests {
    /// A probe generation recorded as if a process had sent it under `promptID` and stopped.
    func leftRunning(_ world: GenerationWorld, promptID: String? = nil, clientID: String? = nil,
                     status: StoredGeneration.Status = .running) async throws -> (Int64, String) {
        let details = try await world.service.prepare(GenerationOrder(workflowID: "probe-modelfree", prompt: ""))
        let id = details.generation.id
        let graph = try world.template("probe-modelfree").instantiate([:]).prompt
        try await world.store.setGenerationGraph(id: id, parametersJSON: "{}", workflowJSON: graph.text)
        let fakeGraph = try #require(FakeComfyJSON.parse(Array(graph.text.utf8)))
        let prompt = promptID ?? world.fake.enqueue(prompt: fakeGraph, clientID: clientID)
        try await world.store.recordGenerationSubmission(id: id, promptID: prompt)
        if status == .running { try await world.store.markGenerationRunning(id: id, progress: 0.4) }
        return (id, prompt)
    }

    @Test func aFinishedJobIsSavedIntoItsFolderAndMarkedComplete() async throws {
        let world = try GenerationWorld()
        let (id, promptID) = try await leftRunning(world)
        #expect(await generationEventually(within: 20) { world.fake.history(promptID) != nil })
        let row = try #require(try await world.store.generation(id: id))
        #expect(world.service.isResumable(row))
        let followed = try await follow(try await world.service.resume(generationID: id), within: 60)
        #expect(followed.outcome.succeeded, "\(String(describing: followed.outcome.error))")
        #expect(followed.outcome.generation.status == .complete)
        let asset = try #require(followed.outcome.assets.first)
        #expect(asset.path == world.dataDirectory + "/generations/direct/\(id)/image-001.png")
        #expect(try fileSHA256(asset.path) == asset.sha256)
        #expect(followed.outcome.details.attempts == 1, "nothing was sent again")
        #expect(followed.outcome.details.notes.contains { $0.contains("resumed") && $0.contains(promptID) })
        #expect(followed.notices.contains { $0.contains("resuming generation \(id)") })
        #expect(world.fake.promptBodies.isEmpty)
        await #expect(throws: GenerationServiceError.self) { try await world.service.resume(generationID: id) }
    }

    @Test func aRunningJobIsFollowedLiveToItsEnd() async throws {
        let world = try GenerationWorld()
        world.fake.update { $0.silenceJobs = true }
        let (id, promptID) = try await leftRunning(world, clientID: "gone-process")
        #expect(await generationEventually(within: 20) { world.fake.runningPromptID == promptID })
        let handle = try await world.service.resume(generationID: id)
        let following = Task { try await follow(handle, within: 60) }
        #expect(await world.fake.waitForWebSocket(clientID: "gone-process", timeout: 20))
        world.fake.update { $0.silenceJobs = false }
        let followed = try await following.value
        #expect(followed.outcome.succeeded, "\(String(describing: followed.outcome.error))")
        #expect(!followed.fractions.isEmpty, "progress came live")
        #expect(followed.outcome.assets.count == 1)
    }

    @Test func anUnknownJobEndsFailedWithTheReason() async throws {
        let world = try GenerationWorld()
        let (id, _) = try await leftRunning(world, promptID: "forgotten-prompt")
        let followed = try await follow(try await world.service.resume(generationID: id), within: 60)
        #expect(followed.outcome.generation.status == .failed)
        #expect(followed.outcome.generation.error?.contains("does not know job forgotten-prompt") == true)
        #expect(followed.outcome.assets.isEmpty)
    }

    @Test func aQueuedGenerationWithoutAPromptIDIsSentNow() async throws {
        let world = try GenerationWorld()
        let details = try await world.service.prepare(GenerationOrder(workflowID: "probe-modelfree", prompt: ""))
        try await world.store.requeueGeneration(id: details.generation.id)
        let followed = try await follow(try await world.service.resume(generationID: details.generation.id), within: 60)
        #expect(followed.outcome.succeeded, "\(String(describing: followed.outcome.error))")
        #expect(world.fake.promptBodies.count == 1)
    }

    @Test func aGenerationAnotherServiceFollowsIsNotResumed() async throws {
        let world = try GenerationWorld()
        world.fake.update { $0.silenceJobs = true }
        let details = try await world.service.prepare(GenerationOrder(workflowID: "probe-modelfree", prompt: ""))
        let id = details.generation.id
        let handle = try await world.service.send(generationID: id)
        #expect(await generationEventually(within: 20) { world.fake.runningPromptID != nil })
        // A second service over the same database and data folder: as another process would be.
        let other = GenerationService(store: world.store, library: world.service.library, runner: world.service.runner)
        let row = try #require(try await world.store.generation(id: id))
        #expect(other.isFollowed(row))
        #expect(!other.isResumable(row))
        do {
            _ = try await other.resume(generationID: id)
            Issue.record("a followed generation was resumed")
        } catch let error as GenerationServiceError {
            #expect(error.kind == .busy)
            #expect(error.message.contains("another atelier process"))
        }
        handle.cancel()
        let outcome = try await handle.result()
        #expect(outcome.generation.status == .cancelled)
        #expect(!other.isFollowed(outcome.generation), "the lease ends with the follower")
    }

    @Test func aFinishedOrPendingGenerationIsNotResumable() async throws {
        let world = try GenerationWorld()
        let details = try await world.service.prepare(GenerationOrder(workflowID: "probe-modelfree", prompt: ""))
        do {
            _ = try await world.service.resume(generationID: details.generation.id)
            Issue.record("a pending generation was resumed")
        } catch let error as GenerationServiceError {
            #expect(error.kind == .notEditable)
            #expect(error.message.contains("generations send"))
        }
        await #expect(throws: GenerationServiceError.self) { try await world.service.resume(generationID: 999) }
    }
}
