import Core
import Engine
import Foundation
import Store
import Testing

@Suite struct TeamFailureTests {
    @Test func aFailingSpecialistIsNotedAndSkippedWhileTheOthersGoOn() async throws {
        let script = TeamScript { call in
            if call.role == .frame { return .failing() }
            return Standard.reply(call)
        }
        let harness = try await TeamHarness.make(script: script)
        try await harness.session.start(Standard.request)
        let ready = try await harness.log.waitForReady()
        #expect(ready.version == 1)

        let skipped = harness.log.all.compactMap { event -> (TeamRole, String)? in
            if case .speakerSkipped(let role, let reason) = event { return (role, reason) } else { return nil }
        }
        #expect(skipped.count == 1)
        #expect(skipped.first?.0 == .frame)
        #expect(skipped.first?.1.contains("connection refused") == true)
        // Frame was asked once (ideation) and benched for the rest of the pass.
        #expect(harness.script.calls(.frame).count == 1)
        #expect(harness.log.all.contains(.consensusReached(round: 1, roles: [.luna, .saga])))
        let messages = try await harness.messages()
        let frame = try #require(messages.first { $0.speaker == "Frame" })
        #expect(frame.status == .error)
        let note = try #require(messages.first { $0.role == .system && $0.content.hasPrefix("Frame could not answer") })
        #expect(note.content.contains("fake:standard") && note.content.contains("the others go on"))
        #expect(note.id == frame.id + 1)
    }

    @Test func whenEverySpecialistFailsTheSessionEndsInErrorAndCanBeResumed() async throws {
        let healthy = Flag()
        let script = TeamScript { call in healthy.isSet ? Standard.reply(call) : .failing() }
        let harness = try await TeamHarness.make(script: script)
        try await harness.session.start(Standard.request)
        let failed = try await harness.log.wait(for: "failed") { if case .failed = $0 { return true } else { return false } }
        await harness.session.settle()
        guard case .failed(let message) = failed else { return }
        for role in TeamRole.allCases { #expect(message.contains("\(role.name): connection refused")) }
        let record = try #require(try await harness.store.teamSession(id: harness.session.sessionID))
        #expect(record.status == .failed)
        #expect(record.error == message)
        // Every role was asked once: the three in ideation, Pixel for the spec, Lens for review.
        #expect(harness.script.calls.count == 5)
        let notes = try await harness.messages().filter { $0.role == .system }.map(\.content)
        #expect(notes.last == "The session stopped: \(message)")

        healthy.set()
        try await harness.session.resume()
        let ready = try await harness.log.waitForReady()
        await harness.session.settle()
        #expect(ready.source == .model)
        let after = try #require(try await harness.store.teamSession(id: harness.session.sessionID))
        #expect(after.status == .ready && after.error == nil)
    }

    @Test func aMalformedSpecIsRetriedWithTheErrorThenFallsBackAndTheConversationSaysSo() async throws {
        let script = TeamScript { call in
            if case .synthesis = call.kind { return .text("Sure! Steps 30, cfg 7, a teal and amber night street.") }
            return Standard.reply(call)
        }
        let harness = try await TeamHarness.make(script: script)
        try await harness.session.start(Standard.request)
        let ready = try await harness.log.waitForReady()

        let pixelCalls = harness.script.calls(.pixel)
        #expect(pixelCalls.map(\.kind) == [.synthesis(retry: false), .synthesis(retry: true)])
        #expect(pixelCalls.allSatisfy { $0.jsonMode })
        #expect(pixelCalls[1].prompt.contains("Your previous answer could not be read: the reply holds no JSON object"))
        #expect(harness.log.all.contains { if case .specParseRetry(let error) = $0 { return error.contains("no JSON object") } else { return false } })
        #expect(harness.log.all.contains { if case .specFallback(let reason) = $0 { return reason.contains("could not be read twice") } else { return false } })

        // The fallback: the template's defaults with the conversation's prompt.
        #expect(ready.source == .fallback)
        #expect(ready.messageID == nil)
        let defaults = GenerationSpec.sd15Defaults
        #expect(ready.spec.templateID == "sd15-txt2img")
        #expect(ready.spec.checkpoint == defaults.checkpoint && ready.spec.steps == defaults.steps)
        #expect(ready.spec.width == 512 && ready.spec.negative == defaults.negative)
        #expect(ready.spec.positive == Standard.request)
        let notes = try await harness.messages().filter { $0.role == .system }.map(\.content)
        #expect(notes.contains { $0.hasPrefix("Pixel's spec could not be read (the reply holds no JSON object") })
        #expect(notes.contains { $0.contains("Using the sd15-txt2img template's defaults with the conversation's prompt") })
    }

    @Test func aSpecThatParsesOnTheRetryIsUsed() async throws {
        let script = TeamScript { call in
            if case .synthesis(let retry) = call.kind {
                return retry ? .text("```json\n{\"prompt\": \"neon alley\", \"steps\": 12}\n```") : .text("{\"steps\": 40")
            }
            return Standard.reply(call)
        }
        let harness = try await TeamHarness.make(script: script)
        try await harness.session.start(Standard.request)
        let ready = try await harness.log.waitForReady()
        #expect(ready.source == .retry)
        #expect(ready.spec.positive == "neon alley" && ready.spec.steps == 12)
        #expect(harness.log.all.contains { if case .specParseRetry(let error) = $0 { return error.contains("not closed") } else { return false } })
        #expect(!harness.log.all.contains { if case .specFallback = $0 { return true } else { return false } })
    }

    @Test func reviewRejectionSendsTheSpecBackThenApproves() async throws {
        let script = TeamScript { call in
            if call.kind == .review && call.index == 0 { return .text("REVISE: lower the cfg to 5 and drop the text from the signs.") }
            return Standard.reply(call)
        }
        let harness = try await TeamHarness.make(script: script)
        try await harness.session.start(Standard.request)
        let ready = try await harness.log.waitForReady()
        #expect(ready.version == 2 && ready.review == .approved)
        #expect(harness.log.phases == [.ideation, .refinement, .synthesis, .review, .synthesis, .review, .ready])
        let rejected = harness.log.all.first { if case .reviewRejected = $0 { return true } else { return false } }
        guard case .reviewRejected(let version, let reasons, let sendBacks) = rejected else {
            Issue.record("no rejection")
            return
        }
        #expect(version.version == 1 && version.review == .rejected && sendBacks == 1)
        #expect(reasons == "lower the cfg to 5 and drop the text from the signs.")
        let secondPixel = try #require(harness.script.calls(.pixel).last)
        #expect(secondPixel.prompt.contains("Lens sent the previous spec back: “lower the cfg to 5"))
        let specs = try await harness.store.teamSpecs(sessionID: harness.session.sessionID)
        #expect(specs.map(\.review) == [.rejected, .approved])
        #expect(specs[0].reviewNote == reasons)
    }

    @Test func reviewStopsAfterTheMaximumSendBacks() async throws {
        let script = TeamScript { call in
            if call.kind == .review { return .text("Not approved. REVISE: the hands will be wrong, try again (\(call.index)).") }
            return Standard.reply(call)
        }
        let harness = try await TeamHarness.make(script: script, settings: TeamSettings(maxReviewRounds: 2))
        try await harness.session.start(Standard.request)
        let ready = try await harness.log.waitForReady()
        await harness.session.settle()
        #expect(ready.version == 3 && ready.review == .limitReached)
        #expect(harness.script.calls(.lens).count == 3)
        #expect(harness.log.all.contains { if case .reviewLimitReached(let v) = $0 { return v.version == 3 } else { return false } })
        let sendBacks = harness.log.all.compactMap { if case .reviewRejected(_, _, let n) = $0 { return n } else { return nil } }
        #expect(sendBacks == [1, 2])
        let specs = try await harness.store.teamSpecs(sessionID: harness.session.sessionID)
        #expect(specs.map(\.review) == [.rejected, .rejected, .limitReached])
        let notes = try await harness.messages().filter { $0.role == .system }.map(\.content)
        #expect(notes.contains { $0.hasPrefix("Lens still has concerns after 2 send-backs") })
        #expect(try await harness.store.teamSession(id: harness.session.sessionID)?.reviewCount == 2)
    }

    @Test func lensFailingLetsTheSpecGoAheadUnreviewed() async throws {
        let script = TeamScript { call in call.role == .lens ? .failing() : Standard.reply(call) }
        let harness = try await TeamHarness.make(script: script)
        try await harness.session.start(Standard.request)
        let ready = try await harness.log.waitForReady()
        #expect(ready.review == .unreviewed)
        #expect(harness.log.all.contains { if case .reviewSkipped = $0 { return true } else { return false } })
    }
}

/// A switch a test flips while a session runs.
final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}
