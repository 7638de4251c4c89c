import Core
import Engine
import Foundation
import Store
import Testing

@Suite struct TeamInterjectionTests {
    @Test func threeMessagesTypedDuringOneTurnAreStoredAtOnceAndAnsweredInOrder() async throws {
        let gate = Gate()
        let script = TeamScript { call in
            if call.role == .luna && call.kind == .ideation { return Standard.reply(call).gated(gate) }
            return Standard.reply(call)
        }
        let harness = try await TeamHarness.make(script: script)
        try await harness.session.start(Standard.request)
        try await harness.log.wait(for: "Luna started") {
            if case .turn(.luna, .started) = $0 { return true } else { return false }
        }
        let texts = ["Luna, make it more rainy and melancholic", "Frame, go wider please", "Saga, give the courier some hope"]
        var sent: [StoredMessage] = []
        for text in texts {
            let message = try await harness.session.interject(text)
            // Stored before `interject` returned.
            let stored = try #require(try await harness.store.message(id: message.id))
            #expect(stored.content == text && stored.role == .user && stored.status == .complete)
            sent.append(message)
        }
        #expect(sent.map(\.id) == sent.map(\.id).sorted())
        #expect(await harness.session.pendingMessages.map(\.id) == sent.map(\.id))
        gate.open()
        _ = try await harness.log.waitForReady()
        await harness.session.settle()

        let events = harness.log.all
        let answered = events.compactMap { event -> (Int64, [TeamRole])? in
            if case .interjectionAnswered(let id, let roles) = event { return (id, roles) } else { return nil }
        }
        #expect(answered.map(\.0) == sent.map(\.id))
        #expect(answered.map(\.1) == [[.luna], [.frame], [.saga]])
        // All three were answered at the boundary after Luna's turn, before Frame's first take.
        let lunaDone = try #require(harness.log.index { if case .turn(.luna, .finished) = $0 { return true } else { return false } })
        let frameFirst = try #require(harness.log.index { $0 == .speakerPrompted(.frame, ask: "first take") })
        let answerIndices = events.indices.filter { if case .interjectionAnswered = events[$0] { return true } else { return false } }
        #expect(answerIndices.allSatisfy { $0 > lunaDone && $0 < frameFirst })
        // Each answer's prompt quotes its interjection; answered in order.
        let answers = harness.script.calls.filter { if case .interjection = $0.kind { return true } else { return false } }
        #expect(answers.map(\.kind) == texts.map { .interjection($0) })
        #expect(answers.map(\.role) == [.luna, .frame, .saga])
        // The flow resumed with the new direction: later prompts carry all three.
        let pixel = try #require(harness.script.calls(.pixel).first)
        for text in texts { #expect(pixel.prompt.contains(text)) }
        let record = try #require(try await harness.store.teamSession(id: harness.session.sessionID))
        #expect(record.handledMessageID >= sent[2].id)
        #expect(await harness.session.pendingMessages.isEmpty)
    }

    @Test func interjectionDuringReviewIsAnsweredByLensAndTheSpecIsRedone() async throws {
        let gate = Gate()
        let script = TeamScript { call in
            if call.role == .lens && call.index == 0 { return Standard.reply(call).gated(gate) }
            return Standard.reply(call)
        }
        let harness = try await TeamHarness.make(script: script)
        try await harness.session.start(Standard.request)
        try await harness.log.wait(for: "Lens started") {
            if case .turn(.lens, .started) = $0 { return true } else { return false }
        }
        let message = try await harness.session.interject("make it square please")
        gate.open()
        _ = try await harness.log.waitForReady(version: 2)
        #expect(harness.log.all.contains(.interjectionAnswered(messageID: message.id, roles: [.lens])))
        #expect(harness.log.phases == [.ideation, .refinement, .synthesis, .review, .synthesis, .review, .ready])
        let secondPixel = try #require(harness.script.calls(.pixel).last)
        #expect(secondPixel.prompt.contains("make it square please"))
        #expect(secondPixel.prompt.contains("The current spec (v1)"))
    }

    @Test func cancellingTheSpeakerKeepsThePartialTextAndTheFlowGoesOn() async throws {
        let script = TeamScript { call in
            if call.role == .frame && call.kind == .ideation { return .hanging(after: "Low angle, 35mm, the subject ") }
            return Standard.reply(call)
        }
        let harness = try await TeamHarness.make(script: script)
        #expect(await harness.session.cancelCurrentSpeaker() == false)
        try await harness.session.start(Standard.request)
        try await harness.log.wait(for: "Frame's partial text") {
            if case .turn(.frame, .text(_, let piece)) = $0 { return piece == "subject " } else { return false }
        }
        #expect(await harness.session.cancelCurrentSpeaker())
        let cancelled = try await harness.log.wait(for: "speaker cancelled") {
            if case .speakerCancelled(.frame, _) = $0 { return true } else { return false }
        }
        guard case .speakerCancelled(_, let message) = cancelled else { return }
        #expect(message.status == .interrupted)
        #expect(message.content == "Low angle, 35mm, the subject ")
        let stored = try #require(try await harness.store.message(id: message.id))
        #expect(stored.status == .interrupted && stored.content == "Low angle, 35mm, the subject ")

        _ = try await harness.log.waitForReady()
        // The next speaker went on; Frame was not benched (it speaks in refinement) and no failure was noted.
        #expect(harness.script.calls(.saga).first?.kind == .ideation)
        #expect(harness.script.calls(.frame).contains { $0.kind == .refinement(round: 1) })
        #expect(!harness.log.all.contains { if case .speakerSkipped = $0 { return true } else { return false } })
        // Later prompts show the cut-off turn as such.
        let saga = try #require(harness.script.calls(.saga).first)
        #expect(saga.prompt.contains("Frame (composition, cut off): Low angle, 35mm, the subject"))
    }

    @Test func cancellingTheSessionStopsTheTurnAndEndsTheStream() async throws {
        let script = TeamScript { call in
            if call.role == .luna && call.kind == .ideation { return .hanging(after: "Deep teal ") }
            return Standard.reply(call)
        }
        let harness = try await TeamHarness.make(script: script)
        try await harness.session.start(Standard.request)
        try await harness.log.wait(for: "Luna's text") {
            if case .turn(.luna, .text) = $0 { return true } else { return false }
        }
        let late = try await harness.session.interject("still there?")
        await harness.session.cancel()
        try await harness.log.wait(for: "cancelled") { $0 == .cancelled }
        #expect(harness.log.all.last == .cancelled)
        let deadline = ContinuousClock.now + .seconds(5)
        while !harness.log.finished && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(5)) }
        #expect(harness.log.finished)

        let record = try #require(try await harness.store.teamSession(id: harness.session.sessionID))
        #expect(record.status == .cancelled)
        let messages = try await harness.messages()
        let luna = try #require(messages.first { $0.speaker == "Luna" })
        #expect(luna.status == .interrupted && luna.content == "Deep teal ")
        // The message sent during the turn is kept even though nobody answered it.
        #expect(messages.contains { $0.id == late.id && $0.content == "still there?" })
        #expect(harness.script.calls(.frame).isEmpty)
        await #expect(throws: TeamSessionError.cancelled) { try await harness.session.interject("hello?") }
    }
}
