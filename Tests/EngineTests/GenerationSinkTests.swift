import Comfy
import Core
import Engine
import Foundation
import Store
import Testing
import TestSupport

/// The chorus painting through ComfyUI: `ComfyGenerationSink` with scripted in-process
/// artists and the fake ComfyUI over loopback.
@Suite struct GenerationSinkTests {
    static let brush = BrushSettings(workflowID: "sd15-txt2img", negativePrompt: "blurry",
                                     parameters: ["steps": .number(2), "cfg": .number(6.5), "hires": .bool(true)])

    @Test func theChorusRendersEveryArtistsImagePromptWithTheGroupsWorkflow() async throws {
        let world = try GenerationWorld()
        let updates = GenerationLog<Int64>()
        let sink = ComfyGenerationSink(service: world.service) { id, update in
            if case .finished = update { updates.append(id) }
        }
        let chorus = Chorus(store: world.store, directory: ScriptedDirectory(models: ScriptedModels(ChorusScript.reply)),
                            sink: sink, settings: ChorusScript.fastSettings())
        let group = try await chorus.start(ChorusRequest(prompt: ChorusScript.prompt, artists: ChorusScript.artists(["ada", "bo"]),
                                                         brush: Self.brush))
        _ = await collect(group.events)
        let result = try await group.result()
        let outcomes = await sink.waitForAll()
        #expect(result.stats.done == 2)
        #expect(outcomes.count == 2 && outcomes.allSatisfy(\.succeeded))
        #expect(Set(updates.all) == Set(outcomes.map(\.generation.id)))
        let sentTexts = Set(world.fake.promptBodies.compactMap { $0["prompt"]?["6"]?["inputs"]?["text"]?.string })
        for run in result.runs {
            let generationID = try #require(run.generationID)
            let details = try #require(try await world.store.generationDetails(id: generationID))
            let row = details.generation
            #expect(row.sourceKind == .chorus && row.sourceID == run.id && row.sessionID == group.sessionID)
            #expect(row.workflowID == "sd15-txt2img" && row.status == .complete)
            #expect(row.positive == run.imagePrompt && row.negative == "blurry")
            #expect(sentTexts.contains(row.positive))
            #expect(details.notes.contains("the brush's hires was left out: workflow 'sd15-txt2img' does not take it"))
            let parameters = try JSONValue.parse(Data(row.parametersJSON.utf8))
            #expect(parameters["steps"]?.intValue == 2 && parameters["cfg"]?.doubleValue == 6.5)
            #expect(details.assets.count == 1)
            #expect(details.assets.first?.path.contains("/generations/\(group.sessionID)/\(generationID)/image-") == true)
        }
    }

    @Test func leaveQueuedRecordsEachImagePromptQueuedAndSendsNothing() async throws {
        let world = try GenerationWorld()
        let sink = ComfyGenerationSink(service: world.service, completion: .leaveQueued)
        let chorus = Chorus(store: world.store, directory: ScriptedDirectory(models: ScriptedModels(ChorusScript.reply)),
                            sink: sink, settings: ChorusScript.fastSettings())
        let group = try await chorus.start(ChorusRequest(prompt: ChorusScript.prompt, artists: ChorusScript.artists(["ada", "bo"]),
                                                         brush: Self.brush))
        _ = await collect(group.events)
        let result = try await group.result()
        #expect(await sink.waitForAll().isEmpty)
        #expect(result.stats.done == 2)
        for run in result.runs {
            let generationID = try #require(run.generationID)
            let row = try #require(try await world.store.generationDetails(id: generationID)).generation
            #expect(row.status == .queued && row.positive == run.imagePrompt && row.comfyPromptID == nil)
        }
        #expect(world.fake.promptBodies.isEmpty)
    }

    @Test func cancelAllStopsTheImagesStillOut() async throws {
        let world = try GenerationWorld()
        world.fake.update { $0.holdQueue = true }
        let sink = ComfyGenerationSink(service: world.service)
        let chorus = Chorus(store: world.store, directory: ScriptedDirectory(models: ScriptedModels(ChorusScript.reply)),
                            sink: sink, settings: ChorusScript.fastSettings())
        let group = try await chorus.start(ChorusRequest(prompt: ChorusScript.prompt, artists: ChorusScript.artists(["ada", "bo"]),
                                                         brush: Self.brush))
        _ = await collect(group.events)
        _ = try await group.result()
        let fake = world.fake
        #expect(await generationEventually(within: 10) { fake.promptBodies.count == 2 })
        sink.cancelAll()
        let outcomes = await sink.waitForAll()
        #expect(outcomes.count == 2 && outcomes.allSatisfy { $0.generation.status == .cancelled })
    }

    @Test func anUnknownBrushWorkflowFailsEachArtistRunWithTheReason() async throws {
        let world = try GenerationWorld()
        let sink = ComfyGenerationSink(service: world.service)
        let chorus = Chorus(store: world.store, directory: ScriptedDirectory(models: ScriptedModels(ChorusScript.reply)),
                            sink: sink, settings: ChorusScript.fastSettings())
        let group = try await chorus.start(ChorusRequest(prompt: ChorusScript.prompt, artists: ChorusScript.artists(["ada"]),
                                                         brush: BrushSettings(workflowID: "nope")))
        _ = await collect(group.events)
        let result = try await group.result()
        #expect(result.stats.failed == 1)
        #expect(result.runs.first?.error?.contains("no workflow 'nope'") == true)
        #expect(try await world.store.generations().isEmpty)
    }

    @Test func awaitingTheResultReturnsOnlyWhenTheJobHasEnded() async throws {
        let world = try GenerationWorld()
        let sink = ComfyGenerationSink(service: world.service, completion: .awaitResult)
        let chorus = Chorus(store: world.store, directory: ScriptedDirectory(models: ScriptedModels(ChorusScript.reply)),
                            sink: sink, settings: ChorusScript.fastSettings())
        let group = try await chorus.start(ChorusRequest(prompt: ChorusScript.prompt, artists: ChorusScript.artists(["ada"]),
                                                         brush: Self.brush))
        let events = await collect(group.events)
        let recorded = events.compactMap { event -> StoredGeneration? in
            if case .generationRecorded(_, let generation) = event { return generation } else { return nil }
        }
        #expect(recorded.count == 1)
        #expect(recorded.first?.status == .complete)
    }

    @Test func theTeamsApprovedSpecIsRenderedWithItsValues() async throws {
        let world = try GenerationWorld()
        let session = try await world.store.createSession(kind: .team, title: "t")
        var spec = GenerationSpec.sd15Defaults
        spec.positive = "a red fox in snow"
        spec.steps = 4
        spec.seed = 7
        spec.width = 640
        let followed = try await follow(try await world.service.generate(spec: spec, sessionID: session.id, sourceID: 99))
        #expect(followed.outcome.succeeded, "\(String(describing: followed.outcome.error))")
        let row = followed.outcome.generation
        #expect(row.sourceKind == .team && row.sourceID == 99 && row.sessionID == session.id)
        let sent = try #require(world.fake.promptBodies.first?["prompt"])
        #expect(sent["6"]?["inputs"]?["text"]?.string == "a red fox in snow")
        #expect(sent["7"]?["inputs"]?["text"]?.string == spec.negative)
        #expect(sent["3"]?["inputs"]?["steps"]?.integer == 4 && sent["3"]?["inputs"]?["seed"]?.integer == 7)
        #expect(sent["5"]?["inputs"]?["width"]?.integer == 640)
        #expect(sent["4"]?["inputs"]?["ckpt_name"]?.string == spec.checkpoint)
    }

    @Test func aTeamSpecStoresTheRequestAsIdeaPixelsPromptAsInterceptionAndSendsTheOptimized() async throws {
        let world = try GenerationWorld()
        let session = try await world.store.createSession(kind: .team, title: "t")
        var spec = GenerationSpec.sd15Defaults
        spec.positive = "a red fox in snow, dusk light"
        spec.steps = 3
        let calls = GenerationLog<(String, String)>()
        let plan = PromptPlan(optimize: true) { system, text in
            calls.append((system, text))
            return "optimized(\(text))"
        }
        let details = try await world.service.prepare(spec: spec, sessionID: session.id, sourceID: 5,
                                                      idea: "a fox, please", plan: plan)
        #expect(details.idea == "a fox, please")
        #expect(details.interception == "a red fox in snow, dusk light")
        #expect(details.generation.positive == "optimized(a red fox in snow, dusk light)")
        #expect(details.generation.status == .pending && details.generation.sourceKind == .team)
        // Only the optimization ran, with the workflow's instruction as its whole context.
        let instruction = try #require(try world.template("sd15-txt2img").optimizationInstruction)
        #expect(calls.all.count == 1 && calls.all.first?.0.contains(instruction) == true)
        #expect(calls.all.first?.1 == spec.positive)
        let followed = try await follow(try await world.service.send(generationID: details.generation.id))
        #expect(followed.outcome.succeeded)
        #expect(world.fake.promptBodies.first?["prompt"]?["6"]?["inputs"]?["text"]?.string == "optimized(a red fox in snow, dusk light)")
        // Without a plan the spec's prompt is sent as it is, and still stored as the interception.
        let plain = try await world.service.prepare(spec: spec, sessionID: session.id, idea: "a fox")
        #expect(plain.interception == spec.positive && plain.generation.positive == spec.positive && plain.idea == "a fox")
    }

    @Test func thePipelinesModelCallsAreStoredTurnsOfTheSession() async throws {
        let world = try GenerationWorld()
        let session = try await world.store.createSession(kind: .chat, title: "t")
        let scripted = ScriptedModels { call in .text(call.lastUser.uppercased()) }
        let rewriter = ModelPromptRewriter(runner: TurnRunner(store: world.store, directory: ScriptedDirectory(models: scripted)),
                                           model: fake("m1"), sessionID: session.id)
        let details = try await world.service.prepare(
            GenerationOrder(workflowID: "sd15-txt2img", prompt: "a cat", sessionID: session.id),
            plan: PromptPlan(interceptionContext: "loud", optimize: true, rewrite: rewriter.closure))
        #expect(details.interception == "A CAT" && details.generation.positive == "A CAT")
        let messages = try await world.store.messages(sessionID: session.id)
        #expect(messages.count == 2 && messages.allSatisfy { $0.speaker == "prompt pipeline" })
        #expect(scripted.calls.count == 2)
        let failing = ModelPromptRewriter(runner: TurnRunner(store: world.store, directory: ScriptedDirectory(models: scripted)),
                                          model: ModelRef(provider: "nobody", model: "x"), sessionID: session.id)
        await #expect(throws: ProviderError.self) {
            _ = try await world.service.prepare(GenerationOrder(workflowID: "sd15-txt2img", prompt: "a dog", sessionID: session.id),
                                                plan: PromptPlan(interceptionContext: "loud", rewrite: failing.closure))
        }
    }
}
