import Comfy
import Core
import Engine
import Foundation
import Store
import Testing
import TestSupport

/// The generation service end to end against the fake ComfyUI over loopback: records,
/// archived graph, progress, assets, and the prompt pipeline's stored texts.
@Suite struct GenerationServiceTests {
    @Test func aJobGoesFromPendingToSucceededWithItsGraphArchivedAndItsFileRecorded() async throws {
        let world = try GenerationWorld()
        let details = try await world.service.prepare(GenerationOrder(workflowID: "probe-modelfree", prompt: "",
                                                                      parameters: ["width": 32, "height": 16]))
        #expect(details.generation.status == .pending)
        #expect(details.generation.parametersJSON == #"{"height":16,"width":32}"#)
        let followed = try await follow(try await world.service.send(generationID: details.generation.id))
        let outcome = followed.outcome
        #expect(outcome.succeeded, "\(String(describing: outcome.error))")
        #expect(followed.statuses.first == .queued)
        #expect(followed.statuses.contains(.running))
        #expect(followed.statuses.last == .complete)
        #expect(!followed.fractions.isEmpty)
        #expect(followed.fractions == followed.fractions.sorted())
        #expect(followed.fractions.allSatisfy { $0 >= 0 && $0 < 1 })
        #expect(followed.fractions.contains { $0 > 0 })

        let row = outcome.generation
        #expect(row.status == .complete && row.progress == 1 && row.error == nil)
        let promptID = try #require(row.comfyPromptID)
        let sent = try #require(world.fake.promptBodies.first)
        #expect(sent["prompt_id"]?.string == promptID)
        let archived = try JSONValue.parse(Data(try #require(row.workflowJSON).utf8))
        #expect(archived == (try JSONValue.parse(Data(try #require(sent["prompt"]).text.utf8))))
        #expect(archived["1"]?["inputs"]?["width"]?.intValue == 32)
        let parameters = try JSONValue.parse(Data(row.parametersJSON.utf8))
        #expect(parameters["width"]?.intValue == 32 && parameters["color"]?.intValue == 16_711_680)
        #expect(outcome.details.attempts == 1)
        let started = try #require(outcome.details.startedAt)
        let finished = try #require(outcome.details.finishedAt)
        #expect(started <= finished)

        let asset = try #require(outcome.assets.first)
        #expect(outcome.assets.count == 1)
        #expect(asset.path == world.dataDirectory + "/generations/direct/\(row.id)/image-001.png")
        #expect(asset.mediaType == "image")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: asset.path))
        #expect(Array(bytes.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        #expect(asset.bytes == bytes.count)
        #expect(asset.sha256 == (try fileSHA256(asset.path)))
        #expect(try fileMode(asset.path) == 0o600)
        #expect(try fileMode(world.dataDirectory + "/generations/direct/\(row.id)") == 0o700)
        #expect(try await world.store.assets(generationID: row.id) == outcome.assets)
        #expect(followed.updates.contains { if case .asset(let recorded) = $0 { return recorded == asset } else { return false } })
        guard case .finished(let last)? = followed.updates.last else {
            Issue.record("the updates must end with .finished")
            return
        }
        #expect(last == outcome)
    }

    @Test func thePromptAndNegativeReachTheNodesTheyAreBoundTo() async throws {
        let world = try GenerationWorld()
        let session = try await world.store.createSession(kind: .chat, title: "t")
        let order = try GenerationOrder.direct(template: try world.template("sd15-txt2img"), prompt: "a lighthouse at dusk",
                                               settings: [("steps", "3"), ("seed", "42"), ("negative_prompt", "fog")],
                                               sessionID: session.id)
        let followed = try await follow(try await world.service.run(order))
        #expect(followed.outcome.succeeded, "\(String(describing: followed.outcome.error))")
        let sent = try #require(world.fake.promptBodies.first?["prompt"])
        #expect(sent["6"]?["inputs"]?["text"]?.string == "a lighthouse at dusk")
        #expect(sent["7"]?["inputs"]?["text"]?.string == "fog")
        #expect(sent["3"]?["inputs"]?["steps"]?.integer == 3 && sent["3"]?["inputs"]?["seed"]?.integer == 42)
        let row = followed.outcome.generation
        #expect(row.sessionID == session.id && row.positive == "a lighthouse at dusk" && row.negative == "fog")
        #expect(followed.outcome.assets.first?.path.hasPrefix(world.dataDirectory + "/generations/\(session.id)/\(row.id)/") == true)
    }

    @Test func theWorkflowsDefaultNegativeIsRecordedWhenNoneIsGiven() async throws {
        let world = try GenerationWorld()
        let details = try await world.service.prepare(GenerationOrder(workflowID: "sd15-txt2img", prompt: "x"))
        #expect(details.generation.negative == "blurry, low quality, deformed, watermark, text, signature")
        #expect(details.idea == "x" && details.interception == nil)
    }

    @Test func refusalsComeBeforeAnythingIsRecorded() async throws {
        let world = try GenerationWorld()
        await #expect(throws: GenerationServiceError.self) {
            _ = try await world.service.prepare(GenerationOrder(workflowID: "nope", prompt: "x"))
        }
        do {
            _ = try world.service.template(id: "nope")
            Issue.record("an unknown workflow must be refused")
        } catch {
            #expect(error.kind == .unknownWorkflow && error.message.contains("probe-modelfree"))
        }
        let probe = try world.template("probe-modelfree")
        do {
            _ = try GenerationOrder.direct(template: probe, prompt: "", settings: [("steps", "3")])
            Issue.record("a parameter the workflow does not take must be refused")
        } catch {
            #expect(error.kind == .invalidParameter && error.message.contains("steps"))
        }
        do {
            _ = try await world.service.prepare(GenerationOrder(workflowID: "probe-modelfree", prompt: "", parameters: ["width": 5000]))
            Issue.record("a value outside the limits must be refused")
        } catch let error as GenerationServiceError {
            #expect(error.kind == .invalidParameter && error.message.contains("width"))
        }
        #expect(try await world.store.generations().isEmpty)
        #expect(world.fake.promptBodies.isEmpty)
    }

    @Test func bothPipelineTextsAreStoredAndThePromptCanBeEditedBeforeSending() async throws {
        let world = try GenerationWorld()
        let calls = GenerationLog<(String, String)>()
        let plan = PromptPlan(interceptionContext: "film noir, rain", optimize: true) { system, text in
            calls.append((system, text))
            return calls.all.count == 1 ? "noir: \(text)" : "optimized(\(text))"
        }
        let template = try world.template("sd15-txt2img")
        let details = try await world.service.prepare(GenerationOrder(workflowID: template.id, prompt: "a cat"), plan: plan)
        #expect(details.idea == "a cat")
        #expect(details.interception == "noir: a cat")
        #expect(details.generation.positive == "optimized(noir: a cat)")
        #expect(details.generation.status == .pending)
        let recorded = calls.all
        #expect(recorded.count == 2)
        #expect(recorded[0].0.contains("film noir, rain") && recorded[0].1 == "a cat")
        let instruction = try #require(template.optimizationInstruction)
        #expect(recorded[1].0.contains(instruction) && !recorded[1].0.contains("film noir"))
        #expect(recorded[1].1 == "noir: a cat")

        let id = details.generation.id
        try await world.service.edit(generationID: id, prompt: "an edited cat", negative: "dogs")
        let followed = try await follow(try await world.service.send(generationID: id))
        #expect(followed.outcome.succeeded)
        let sent = try #require(world.fake.promptBodies.first?["prompt"])
        #expect(sent["6"]?["inputs"]?["text"]?.string == "an edited cat")
        #expect(sent["7"]?["inputs"]?["text"]?.string == "dogs")
        let stored = try #require(try await world.store.generationDetails(id: id))
        #expect(stored.idea == "a cat" && stored.interception == "noir: a cat" && stored.generation.positive == "an edited cat")
        do {
            try await world.service.edit(generationID: id, prompt: "too late", negative: nil)
            Issue.record("a complete generation must not be editable")
        } catch let error as GenerationServiceError {
            #expect(error.kind == .notEditable)
        }
    }

    @Test func aWorkflowWithoutAnOptimizationInstructionPassesTheTextThroughWithoutACall() async throws {
        let world = try GenerationWorld()
        let calls = GenerationLog<String>()
        let plan = PromptPlan(optimize: true) { _, text in
            calls.append(text)
            return "rewritten"
        }
        var template = try world.template("sd15-txt2img")
        template.optimizationInstruction = nil
        let bare = GenerationService(store: world.store, library: WorkflowLibrary(templates: [template]), runner: world.service.runner)
        let details = try await bare.prepare(GenerationOrder(workflowID: template.id, prompt: "as is"), plan: plan)
        #expect(details.generation.positive == "as is" && calls.all.isEmpty)
        let noPrompt = try await world.service.prepare(GenerationOrder(workflowID: "probe-modelfree", prompt: "ignored"), plan: plan)
        #expect(calls.all.isEmpty)
        #expect(noPrompt.notes.contains { $0.contains("takes no prompt") })
    }
}
