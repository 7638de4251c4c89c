import Core
import Engine
import Foundation
import Store
import Testing

@Suite struct TeamFlowTests {
    @Test func cooperativeTeamGoesThroughEveryPhaseToReady() async throws {
        let harness = try await TeamHarness.make()
        try await harness.session.start(Standard.request)
        let ready = try await harness.log.waitForReady()
        await harness.session.settle()

        #expect(harness.log.phases == [.ideation, .refinement, .synthesis, .review, .ready])
        let statuses = harness.log.all.compactMap { if case .statusChanged(let s) = $0 { return s } else { return nil } }
        #expect(statuses == [.running, .ready])
        #expect(harness.log.all.contains { if case .consensusReached(1, let roles) = $0 { return roles == TeamRole.creative } else { return false } })
        #expect(harness.log.all.contains { if case .reviewApproved(let v) = $0 { return v.version == 1 } else { return false } })

        // The spec: lenient numbers, the seed chosen reproducibly for "-1".
        #expect(ready.version == 1)
        #expect(ready.source == .model)
        #expect(ready.review == .approved)
        #expect(ready.spec.steps == 28)
        #expect(ready.spec.cfg == 6.5)
        #expect(ready.spec.width == 768 && ready.spec.height == 512)
        #expect(ready.spec.sampler == "dpmpp_2m" && ready.spec.scheduler == "karras")
        #expect(ready.spec.seed >= 0)

        // The conversation, in order, as stored.
        let speakers = try await harness.messages().map(\.speaker)
        #expect(speakers == ["you", "Luna", "Frame", "Saga", "Luna", "Frame", "Saga", "Atelier", "Pixel", "Lens"])

        // The record and the phase log.
        let record = try #require(try await harness.store.teamSession(id: harness.session.sessionID))
        #expect(record.phase == .ready && record.status == .ready)
        #expect(record.currentSpecVersion == 1)
        #expect(record.request == Standard.request)
        let log = try await harness.store.teamPhases(sessionID: harness.session.sessionID)
        #expect(log.map(\.phase) == [.ideation, .refinement, .synthesis, .review, .ready])
        #expect(log.map(\.round) == [0, 1, 1, 1, 1])
    }

    @Test func everyCallCarriesTheFullContext() async throws {
        let harness = try await TeamHarness.make()
        try await harness.session.start(Standard.request)
        _ = try await harness.log.waitForReady()

        let calls = harness.script.calls
        #expect(calls.count == 8)
        for call in calls {
            #expect(call.prompt.contains(Standard.request))
            #expect(call.system.contains("You are \(call.role?.name ?? "?")"))
        }
        // Stateless specialists: Luna's refinement call holds what Frame and Saga said first.
        let lunaRefines = try #require(harness.script.calls(.luna).first { $0.kind == .refinement(round: 1) })
        #expect(lunaRefines.prompt.contains(Standard.ideas[.frame] ?? "-"))
        #expect(lunaRefines.prompt.contains(Standard.ideas[.saga] ?? "-"))
        #expect(lunaRefines.prompt.contains("Phase: refinement, round 1 of 3"))
        #expect(lunaRefines.prompt.contains("exact colour palette"))
        // Pixel asks for JSON; Lens sees the spec it reviews.
        let pixel = try #require(harness.script.calls(.pixel).first)
        #expect(pixel.jsonMode)
        #expect(pixel.prompt.contains("sd15-txt2img"))
        let lens = try #require(harness.script.calls(.lens).first)
        #expect(!lens.jsonMode)
        #expect(lens.prompt.contains("\"checkpoint\":\"dreamshaper_8.safetensors\""))
        // Distinct voices: five different system prompts.
        #expect(Set(calls.map(\.system)).count == 5)
    }

    @Test func repetitionEndsRefinement() async throws {
        let script = TeamScript { call in
            // Frame says its first take again instead of answering.
            if call.role == .frame, case .refinement = call.kind { return .text(Standard.ideas[.frame] ?? "") }
            if case .refinement = call.kind { return .text("I would rather add rain, puddles and a distant train to the scene.") }
            return Standard.reply(call)
        }
        let harness = try await TeamHarness.make(script: script)
        try await harness.session.start(Standard.request)
        _ = try await harness.log.waitForReady()

        let repetition = harness.log.all.first { if case .repetitionDetected = $0 { return true } else { return false } }
        guard case .repetitionDetected(let role, let similarity, let round) = repetition else {
            Issue.record("no repetition event")
            return
        }
        #expect(role == .frame && round == 1 && similarity >= 0.8)
        #expect(!harness.log.all.contains { if case .consensusReached = $0 { return true } else { return false } })
        // Refinement ended at Frame: Saga did not speak in round 1.
        #expect(!harness.script.calls(.saga).contains { $0.kind == .refinement(round: 1) })
        #expect(harness.log.phases == [.ideation, .refinement, .synthesis, .review, .ready])
        let notes = try await harness.messages().filter { $0.role == .system }.map(\.content)
        #expect(notes.contains { $0.contains("Frame is repeating an earlier point") })
    }

    @Test func noConsensusOffersOptionsWaitsAndContinuesWithTheChoice() async throws {
        let script = TeamScript { call in
            guard let role = call.role, case .refinement(let round) = call.kind else { return Standard.reply(call) }
            let proposals: [TeamRole: [String]] = [
                .luna: ["I would rather go pastel pink with soft morning haze.", "Instead of neon, candlelit gold interiors glowing.", "Monochrome green terminal glow everywhere."],
                .frame: ["Instead of low angle, a top-down drone view of crossings.", "A fisheye from inside a tram window.", "Extreme telephoto compression of stacked balconies."],
                .saga: ["I'd rather show a festival crowd celebrating victory.", "Two rivals bargaining over a stolen chip.", "A child feeding pigeons before dawn shifts."],
            ]
            return .text(proposals[role]?[max(0, round - 1) % 3] ?? "Something else entirely.")
        }
        let harness = try await TeamHarness.make(script: script, settings: TeamSettings(maxRefinementRounds: 2))
        try await harness.session.start(Standard.request)
        let choiceEvent = try await harness.log.wait(for: "choice") {
            if case .needsUserChoice = $0 { return true } else { return false }
        }
        await harness.session.settle()
        guard case .needsUserChoice(let options, let noteID) = choiceEvent else { return }
        #expect(options.map(\.label) == ["A", "B", "C"])
        #expect(options.map(\.role) == TeamRole.creative)
        #expect(options[1].summary.contains("fisheye"))
        #expect(harness.log.phases == [.ideation, .refinement, .refinement])
        #expect(await harness.session.currentRecord.status == .awaitingChoice)
        let note = try #require(try await harness.store.message(id: noteID))
        #expect(note.role == .system && note.content.contains("has not agreed after 2 rounds"))
        let stored = try #require(try await harness.store.teamSession(id: harness.session.sessionID))
        #expect(stored.status == .awaitingChoice && stored.options == options)
        #expect(harness.script.calls(.pixel).isEmpty)

        try await harness.session.reply("B")
        let ready = try await harness.log.waitForReady()
        // The ready event comes before the state is saved: wait for the flow to finish.
        await harness.session.settle()
        #expect(ready.version == 1)
        let pixel = try #require(harness.script.calls(.pixel).first)
        #expect(pixel.prompt.contains("The person chose option B — Frame's direction"))
        #expect(harness.log.phases == [.ideation, .refinement, .refinement, .synthesis, .review, .ready])
        let after = try #require(try await harness.store.teamSession(id: harness.session.sessionID))
        #expect(after.options.isEmpty && after.status == .ready)
    }

    @Test func sameSeedGivesTheSameSpecAndTheClockStampsTheLog() async throws {
        var seeds: [Int] = []
        for _ in 0..<2 {
            let harness = try await TeamHarness.make(seed: 7)
            try await harness.session.start(Standard.request)
            seeds.append(try await harness.log.waitForReady().spec.seed)
            let log = try await harness.store.teamPhases(sessionID: harness.session.sessionID)
            #expect(log.allSatisfy { $0.at.timeIntervalSince1970 > 1_800_000_000 && $0.at.timeIntervalSince1970 < 1_800_001_000 })
            #expect(log.map(\.at) == log.map(\.at).sorted())
        }
        // Session ids are equal on two fresh databases, so the seeds must match.
        #expect(seeds[0] == seeds[1])
        let other = try await TeamHarness.make(seed: 8)
        try await other.session.start(Standard.request)
        #expect(try await other.log.waitForReady().spec.seed != seeds[0])
    }
}
