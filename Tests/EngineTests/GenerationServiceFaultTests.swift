import Comfy
import Core
import Engine
import Foundation
import Store
import Testing
import TestSupport

/// Faults through the generation service: what the record says and what the person is told.
@Suite struct GenerationServiceFaultTests {
    @Test func outOfMemoryIsRetriedOnceSmallerAndTheRecordSaysSo() async throws {
        let world = try GenerationWorld()
        world.fake.update { $0.outOfMemoryAbovePixels = 600_000 }
        let order = try GenerationOrder.direct(template: try world.template("sd15-txt2img"), prompt: "x",
                                               settings: [("steps", "2"), ("width", "1024"), ("height", "1024")])
        let followed = try await follow(try await world.service.run(order))
        let outcome = followed.outcome
        #expect(outcome.succeeded, "\(String(describing: outcome.error))")
        let line = "ComfyUI ran out of GPU memory at 1024×1024; trying once more at 768×768"
        #expect(outcome.details.notes.contains(line))
        #expect(followed.notices.contains(line))
        #expect(outcome.details.attempts == 2)
        let parameters = try JSONValue.parse(Data(outcome.generation.parametersJSON.utf8))
        #expect(parameters["width"]?.intValue == 768 && parameters["height"]?.intValue == 768)
        let archived = try JSONValue.parse(Data(try #require(outcome.generation.workflowJSON).utf8))
        #expect(archived["5"]?["inputs"]?["width"]?.intValue == 768)
        #expect(outcome.assets.count == 1)
    }

    @Test func aMissingCheckpointFailsNamingItAndWhatComfyUIOffers() async throws {
        let world = try GenerationWorld()
        world.fake.setCheckpoints(["other.safetensors", "second.ckpt"])
        let followed = try await follow(try await world.service.run(GenerationOrder(workflowID: "sd15-txt2img", prompt: "x")))
        let error = try #require(followed.outcome.error)
        #expect(error.kind == .missingModel)
        #expect(error.available == ["other.safetensors", "second.ckpt"])
        let row = followed.outcome.generation
        #expect(row.status == .failed)
        #expect(row.error?.contains("v1-5-pruned-emaonly.safetensors") == true)
        #expect(row.error?.contains("available: other.safetensors, second.ckpt") == true)
        #expect(followed.outcome.assets.isEmpty && world.savedFiles().isEmpty)
        #expect(world.fake.promptBodies.isEmpty)
    }

    @Test func anUnreachableComfyUIKeepsTheGenerationQueuedUntilItIsBack() async throws {
        let world = try GenerationWorld(maxServerWaitAttempts: nil)
        world.fake.stop()
        let handle = try await world.service.run(GenerationOrder(workflowID: "probe-modelfree", prompt: ""))
        let notices = GenerationLog<String>()
        let following = Task { try await follow(handle, within: 30) { if case .notice(let text) = $0 { notices.append(text) } } }
        let waited = await generationEventually(within: 10) { notices.all.contains { $0.hasPrefix("waiting for ComfyUI") } }
        #expect(waited)
        #expect(notices.all.first?.contains("COMFYUI_URL") == true)
        let row = try #require(try await world.store.generation(id: handle.generationID))
        #expect(row.status == .queued)
        try world.fake.restart()
        let followed = try await following.value
        #expect(followed.outcome.succeeded, "\(String(describing: followed.outcome.error))")
        #expect(followed.notices.contains { $0.hasPrefix("ComfyUI answers again") })
        #expect(!followed.statuses.contains(.failed))
        #expect(followed.outcome.assets.count == 1)
    }

    @Test func anUnreachableComfyUIFailsWhenTheWaitIsOver() async throws {
        let world = try GenerationWorld(maxServerWaitAttempts: 2)
        world.fake.stop()
        let followed = try await follow(try await world.service.run(GenerationOrder(workflowID: "probe-modelfree", prompt: "")))
        #expect(followed.outcome.error?.kind == .unreachable)
        #expect(followed.outcome.generation.status == .failed)
        #expect(followed.outcome.generation.error?.contains(world.fake.baseURL) == true)
    }

    @Test func cancellingAQueuedJobDequeuesItOnComfyUIAndRecordsCancelled() async throws {
        let world = try GenerationWorld()
        world.fake.update { $0.holdQueue = true }
        let handle = try await world.service.run(GenerationOrder(workflowID: "probe-modelfree", prompt: ""))
        let submitted = await generationEventually(within: 10) {
            (try? await world.store.generation(id: handle.generationID))?.comfyPromptID != nil
        }
        #expect(submitted)
        #expect(world.service.cancel(generationID: handle.generationID))
        let followed = try await follow(handle)
        #expect(followed.outcome.error?.kind == .cancelled)
        let row = followed.outcome.generation
        #expect(row.status == .cancelled)
        let promptID = try #require(row.comfyPromptID)
        // Still queued: it is taken off the queue; an interrupt would stop whatever job
        // another client has running (a real server ignores the prompt id there).
        #expect(world.fake.interrupts.isEmpty)
        #expect(world.fake.deletedFromQueue.contains(promptID))
        #expect(world.service.handle(generationID: row.id) == nil)
    }

    /// The server-reported names that must be refused, by a readable label.
    enum HostileName: String, CaseIterable {
        case parentTraversal, absolute, innerTraversal, nul, fiveThousandBytes, escape, newline

        var filename: String {
            switch self {
            case .parentTraversal: return "../../x.png"
            case .absolute: return "/etc/passwd"
            case .innerTraversal: return "a/../../b.png"
            case .nul: return "bad\u{0}name.png"
            case .fiveThousandBytes: return String(repeating: "n", count: 4996) + ".png"
            case .escape: return "esc\u{1B}[31m.png"
            case .newline: return "line\nbreak.png"
            }
        }
    }

    @Test(arguments: HostileName.allCases)
    func aHostileNameSavesNothingOutsideTheGenerationFolder(name: HostileName) async throws {
        let world = try GenerationWorld()
        world.fake.update { $0.hostileOutputs = [FakeComfyFaults.OutputName(filename: name.filename)] }
        let followed = try await follow(try await world.service.run(GenerationOrder(workflowID: "probe-modelfree", prompt: "")))
        #expect(followed.outcome.error?.kind == .unsafeOutputName)
        #expect(followed.outcome.generation.status == .failed)
        #expect(followed.outcome.details.notes.contains { $0.hasPrefix("an output was not saved") })
        #expect(world.savedFiles().isEmpty)
        #expect(world.strayFiles().isEmpty)
    }

    @Test func aFailedGenerationCanBeSentAgain() async throws {
        let world = try GenerationWorld()
        world.fake.update { $0.outOfMemoryNextJobs = 1 }
        let first = try await follow(try await world.service.run(GenerationOrder(workflowID: "probe-modelfree", prompt: "")))
        #expect(first.outcome.error?.kind == .outOfMemory)
        let again = try await follow(try await world.service.send(generationID: first.outcome.generation.id))
        #expect(again.outcome.succeeded)
        #expect(again.outcome.details.attempts == 2)
        #expect(again.outcome.generation.error == nil && again.outcome.details.finishedAt != nil)
        #expect(again.outcome.assets.count == 1)
    }

    @Test func aGenerationIsRenderedOnceAtATime() async throws {
        let world = try GenerationWorld()
        world.fake.update { $0.holdQueue = true }
        let handle = try await world.service.run(GenerationOrder(workflowID: "probe-modelfree", prompt: ""))
        do {
            _ = try await world.service.send(generationID: handle.generationID)
            Issue.record("a second send must be refused")
        } catch let error as GenerationServiceError {
            #expect(error.kind == .busy)
        }
        handle.cancel()
        _ = try await follow(handle)
    }
}
