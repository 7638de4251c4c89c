import Core
import Engine
import Foundation
import Store
import Testing

@Suite struct TeamIterationTests {
    @Test(arguments: ["", "   \n ", "hi", "make an image please"])
    func anEmptyOrUnclearRequestGetsClarifyingQuestionsNotInvention(request: String) async throws {
        let harness = try await TeamHarness.make()
        try await harness.session.start(request)
        let asked = try await harness.log.wait(for: "questions") {
            if case .clarifyingQuestions = $0 { return true } else { return false }
        }
        await harness.session.settle()
        guard case .clarifyingQuestions(let questionID) = asked else { return }
        #expect(harness.script.calls.map(\.kind) == [.clarify])
        #expect(harness.script.calls.first?.role == .saga)
        let question = try #require(try await harness.store.message(id: questionID))
        #expect(question.speaker == "Saga" && question.content.hasPrefix("1. What should the image show?"))
        #expect(harness.log.phases.isEmpty)
        #expect(await harness.session.currentRecord.status == .awaitingClarification)
        #expect(try await harness.store.teamSession(id: harness.session.sessionID)?.status == .awaitingClarification)

        try await harness.session.reply("A lighthouse in a storm, lonely and brave")
        _ = try await harness.log.waitForReady()
        #expect(harness.log.phases == [.ideation, .refinement, .synthesis, .review, .ready])
        let record = await harness.session.currentRecord
        #expect(record.request.hasSuffix("A lighthouse in a storm, lonely and brave"))
        let luna = try #require(harness.script.calls(.luna).first)
        #expect(luna.prompt.contains("lighthouse in a storm"))
    }

    @Test func sagaFailingToAskLeavesTheEnginesOwnQuestions() async throws {
        let script = TeamScript { call in call.role == .saga ? .failing() : Standard.reply(call) }
        let harness = try await TeamHarness.make(script: script)
        try await harness.session.start("?")
        let asked = try await harness.log.wait(for: "questions") {
            if case .clarifyingQuestions = $0 { return true } else { return false }
        }
        guard case .clarifyingQuestions(let id) = asked else { return }
        let note = try #require(try await harness.store.message(id: id))
        #expect(note.role == .system && note.content.contains("What should the image show"))
    }

    @Test func aChangeAfterTheResultRunsAShortAdjustmentAndMakesANewSpecVersion() async throws {
        let harness = try await TeamHarness.make()
        try await harness.session.start(Standard.request)
        let first = try await harness.log.waitForReady(version: 1)
        let callsBefore = harness.script.calls.count

        let change = try await harness.session.reply("make the neon brighter")
        let second = try await harness.log.waitForReady(version: 2)
        #expect(harness.log.all.contains(.userMessage(change)))
        #expect(harness.log.phases == [.ideation, .refinement, .synthesis, .review, .ready,
                                       .adjustment, .synthesis, .review, .ready])
        // Only the concerned specialist (neon → Luna), then Pixel and Lens: not a fresh start.
        let newCalls = harness.script.calls.dropFirst(callsBefore)
        #expect(newCalls.map(\.role) == [.luna, .pixel, .lens])
        #expect(newCalls.first?.kind == .adjustment)
        let pixel = try #require(newCalls.first { $0.role == .pixel })
        #expect(pixel.prompt.contains("The current spec (v1)"))
        #expect(pixel.prompt.contains("make the neon brighter"))

        let record = await harness.session.currentRecord
        #expect(record.iteration == 1 && record.currentSpecVersion == 2 && record.status == .ready)
        let specs = try await harness.store.teamSpecs(sessionID: harness.session.sessionID)
        #expect(specs.map(\.version) == [1, 2])
        #expect(specs[0] == first)
        #expect(specs[1] == second)
    }

    @Test func emptyMessagesAfterTheRequestAreRefusedAndCommandsCheckTheState() async throws {
        let harness = try await TeamHarness.make()
        await #expect(throws: TeamSessionError.nothingToResume(.idle)) { try await harness.session.resume() }
        try await harness.session.start(Standard.request)
        await #expect(throws: TeamSessionError.alreadyStarted) { try await harness.session.start("again") }
        await #expect(throws: TeamSessionError.emptyMessage) { try await harness.session.interject("  \n") }
        _ = try await harness.log.waitForReady()
        await #expect(throws: TeamSessionError.nothingToResume(.ready)) { try await harness.session.resume() }
        await harness.session.close()
        await #expect(throws: TeamSessionError.closed) { try await harness.session.reply("more") }
        #expect(try await harness.store.teamSession(id: harness.session.sessionID)?.status == .ready)
    }

    @Test func namingOnlyPixelSkipsTheDiscussion() async throws {
        let harness = try await TeamHarness.make()
        try await harness.session.start(Standard.request)
        _ = try await harness.log.waitForReady(version: 1)
        let before = harness.script.calls.count
        try await harness.session.interject("Pixel, use 30 steps")
        _ = try await harness.log.waitForReady(version: 2)
        #expect(harness.script.calls.dropFirst(before).map(\.role) == [.pixel, .lens])
    }
}
