import Comfy
import Engine
import Foundation
import Store
import Testing
import TestSupport

/// The watchdog seen from the store: a job ComfyUI forgot behind a silent socket ends the
/// generation `failed` with the reason, instead of leaving it `running` for ever.
@Suite struct GenerationWatchdogTests {
    @Test func aForgottenJobEndsTheGenerationFailed() async throws {
        let world = try GenerationWorld(quietPeriod: 0.2)
        world.fake.update { $0.silenceJobs = true }
        let details = try await world.service.prepare(GenerationOrder(workflowID: "probe-modelfree", prompt: ""))
        let handle = try await world.service.send(generationID: details.generation.id)
        let following = Task { try await follow(handle, within: 60) }
        #expect(await generationEventually(within: 20) { world.fake.runningPromptID != nil })
        let promptID = try #require(world.fake.runningPromptID)
        world.fake.forgetJobs()
        let followed = try await following.value
        #expect(followed.outcome.generation.status == .failed)
        let error = try #require(followed.outcome.generation.error)
        #expect(error.contains(promptID) && error.contains("it may have restarted"), "\(error)")
        #expect(followed.outcome.generation.comfyPromptID == promptID)
    }

    @Test func aJobThatEndsWithoutSocketEventsCompletes() async throws {
        let world = try GenerationWorld(quietPeriod: 0.2)
        world.fake.update { $0.muteJobEvents = true }
        let handle = try await world.service.run(GenerationOrder(workflowID: "probe-modelfree", prompt: ""))
        let followed = try await follow(handle, within: 60)
        #expect(followed.outcome.succeeded, "\(String(describing: followed.outcome.error))")
        #expect(followed.outcome.assets.count == 1)
    }
}
