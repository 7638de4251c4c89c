import Core
import Engine
import Foundation
import Store
import Testing

@Suite struct TeamPersistenceTests {
    @Test func everythingReloadsIdenticallyAfterReopeningTheStore() async throws {
        let gate = Gate()
        let script = TeamScript { call in
            if call.role == .saga && call.kind == .ideation { return Standard.reply(call).gated(gate) }
            if call.kind == .review && call.index == 0 { return .text("REVISE: the cfg is too high.") }
            return Standard.reply(call)
        }
        let harness = try await TeamHarness.make(script: script)
        try await harness.session.start(Standard.request)
        try await harness.log.wait(for: "Saga started") { if case .turn(.saga, .started) = $0 { return true } else { return false } }
        try await harness.session.interject("Saga, make it hopeful")
        gate.open()
        let ready = try await harness.log.waitForReady()
        await harness.session.settle()
        let liveRecord = await harness.session.currentRecord
        let liveSpecs = await harness.session.specVersions
        let liveTranscript = await harness.session.transcript
        let before = try await TeamSessionLoader.load(store: harness.store, sessionID: harness.session.sessionID)
        await harness.session.close()
        try await harness.store.close()

        let reopened = try Store(path: harness.databasePath)
        let after = try await TeamSessionLoader.load(store: reopened, sessionID: harness.session.sessionID)
        #expect(after == before)
        #expect(after.record == liveRecord)
        #expect(after.specs == liveSpecs)
        #expect(after.currentSpec == ready)
        #expect(after.messages == liveTranscript)
        #expect(after.messages.allSatisfy { $0.status == .complete })
        #expect(after.phases.map(\.phase) == harness.log.phases)
        let eventRounds = harness.log.all.compactMap { if case .phaseChanged(_, let round) = $0 { return round } else { return nil } }
        #expect(after.phases.map(\.round) == eventRounds)
        #expect(after.record.status == .ready && after.record.phase == .ready)
        #expect(after.specs.map(\.review) == [.rejected, .approved])
        #expect(after.pendingMessages.isEmpty)
        #expect(after.session.kind == .team)

        // A ready session opened from the reloaded store takes a change request.
        let session = try await TeamSession.open(sessionID: harness.session.sessionID, store: reopened,
                                                 directory: TeamHarness.modelDirectory(harness.script),
                                                 configuration: harness.configuration)
        let log = EventLog(session)
        #expect(await session.currentRecord == after.record)
        try await session.reply("make the neon brighter")
        let next = try await log.waitForReady()
        #expect(next.version == 3)
        #expect(try await reopened.teamSpecs(sessionID: session.sessionID).count == 3)
    }

    @Test func aSessionThatWasRunningWhenTheProcessStoppedIsInterruptedAndResumes() async throws {
        let harness = try await TeamHarness.make()
        try await harness.session.start(Standard.request)
        _ = try await harness.log.waitForReady()
        await harness.session.close()
        // Simulate a crash in the middle of synthesis.
        var record = try #require(try await harness.store.teamSession(id: harness.session.sessionID))
        record.status = .running
        record.phase = .synthesis
        try await harness.store.saveTeamSession(record)
        let orphan = try await harness.store.insertMessage(sessionID: record.sessionID, role: .user, speaker: "you",
                                                           content: "Luna, warmer light")

        let session = try await TeamSession.open(sessionID: record.sessionID, store: harness.store,
                                                 directory: TeamHarness.modelDirectory(harness.script),
                                                 configuration: harness.configuration)
        let log = EventLog(session)
        #expect(await session.currentRecord.status == .interrupted)
        #expect(await session.pendingMessages.map(\.id) == [orphan.id])
        #expect(try await harness.store.teamSession(id: record.sessionID)?.status == .interrupted)
        try await session.resume()
        let ready = try await log.waitForReady()
        #expect(ready.version == 2)
        #expect(log.all.contains(.interjectionAnswered(messageID: orphan.id, roles: [.luna])))
        let snapshot = try await TeamSessionLoader.load(store: harness.store, sessionID: record.sessionID)
        #expect(snapshot.pendingMessages.isEmpty)
        #expect(snapshot.record.status == .ready)
    }

    @Test func loadingAMissingOrNonTeamSessionIsAClearError() async throws {
        let harness = try await TeamHarness.make()
        let chat = try await harness.store.createSession(kind: .chat, title: "plain")
        await #expect(throws: TeamSessionError.notFound(chat.id)) {
            try await TeamSessionLoader.load(store: harness.store, sessionID: chat.id)
        }
        await #expect(throws: TeamSessionError.notFound(999)) {
            try await TeamSessionLoader.load(store: harness.store, sessionID: 999)
        }
        // A session that was only created reloads as idle with a model for every role.
        let idle = try await TeamSessionLoader.load(store: harness.store, sessionID: harness.session.sessionID)
        #expect(idle.record.status == .idle && idle.record.models.count == 5)
        #expect(idle.record.models[.lens] == ModelRef(provider: "fake", model: "standard"))
    }

    @Test func perSessionModelsAreStoredAndUsed() async throws {
        let models: [TeamRole: ModelRef] = [.pixel: ModelRef(provider: "fake", model: "coder"),
                                            .lens: ModelRef(provider: "fake", model: "critic")]
        let harness = try await TeamHarness.make(models: models)
        try await harness.session.start(Standard.request)
        _ = try await harness.log.waitForReady()
        #expect(harness.script.calls(.pixel).allSatisfy { $0.model == "coder" })
        #expect(harness.script.calls(.lens).allSatisfy { $0.model == "critic" })
        #expect(harness.script.calls(.luna).allSatisfy { $0.model == "standard" })
        let messages = try await harness.messages()
        #expect(messages.first { $0.speaker == "Pixel" }?.model == "fake:coder")
        let record = try #require(try await harness.store.teamSession(id: harness.session.sessionID))
        #expect(record.models[.pixel] == models[.pixel] && record.models[.frame]?.model == "standard")
    }
}
