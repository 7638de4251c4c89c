import Core
import Engine
import Foundation
import Providers
import Store
import Testing

@Suite struct DebateLifecycleTests {
    private func start(_ store: Store, _ scripted: ScriptedModels,
                       models: [ModelRef] = DebateScript.models) async throws -> MultiModelRun {
        try await MultiModelRun.start(DebateRequest(prompt: DebateScript.prompt, models: models),
                                      store: store, directory: ScriptedDirectory(models: scripted))
    }

    @Test func threadsLoadOnDemandWithEachStagesPromptAndAnswer() async throws {
        let (store, _) = try makeTestStore()
        let run = try await start(store, ScriptedModels(DebateScript.reply))
        _ = await collect(run.events)
        let thread = try #require(try await store.debateThread(runID: run.runID, modelIndex: 1))
        #expect(thread.entry.label == "B")
        #expect(thread.steps.map(\.stage) == [.initial, .debate])
        #expect(thread.steps[0].prompt?.content == DebateScript.prompt)
        #expect(thread.steps[0].answer?.content == DebateScript.firsts["m-beta"])
        #expect(thread.steps[0].answer?.model == "fake:m-beta")
        #expect(thread.steps[1].prompt?.content.contains("--- Response A ---") == true)
        #expect(thread.steps[1].prompt?.speaker == "atelier")
        #expect(thread.steps[1].answer?.content == DebateScript.revised("m-beta"))
        #expect(try await store.debateThread(runID: run.runID, modelIndex: 7) == nil)
        // Thread sessions are reached through the run, not listed with the conversations.
        let topLevel = try await store.topLevelSessions()
        #expect(topLevel.map(\.id) == [run.sessionID])
        #expect(try await store.sessions().count == 4)
    }

    @Test func withOneAnswerTheDebateIsSkippedAndSaidSo() async throws {
        let (store, _) = try makeTestStore()
        let scripted = ScriptedModels { call in
            if call.model != "m-alpha" && call.stage == .initial {
                return .fail(ProviderError(.authentication, "the key was refused"))
            }
            return DebateScript.reply(call)
        }
        let run = try await start(store, scripted)
        let events = await collect(run.events)
        let result = try await run.result()
        #expect(events.contains(.debateSkipped(reason: "only Response A answered")))
        #expect(result.run.note == "the debate was skipped: only Response A answered")
        #expect(result.entries.map(\.status) == [.complete, .error, .error])
        #expect(!scripted.calls.contains { $0.stage == .debate })
        #expect(result.run.status == .complete)
        let summary = try #require(scripted.calls.first { $0.stage == .summary })
        #expect(summary.lastUser.contains("There was no debate: only Response A answered"))
    }

    @Test func withNoAnswerTheRunFailsWithoutASynthesis() async throws {
        let (store, _) = try makeTestStore()
        let scripted = ScriptedModels { _ in .fail(ProviderError(.unreachable, "nobody home")) }
        let run = try await start(store, scripted)
        let events = await collect(run.events)
        let result = try await run.result()
        #expect(result.run.status == .failed)
        #expect(result.run.error == "no model answered")
        #expect(result.run.summary.status == .error)
        #expect(result.run.synthesisMessageID == nil)
        #expect(events.contains(.debateSkipped(reason: "no model answered")))
        #expect(scripted.calls.allSatisfy { $0.stage == .initial })
    }

    @Test func cancellingStopsEveryModelAndStoresWhy() async throws {
        let (store, _) = try makeTestStore()
        let scripted = ScriptedModels { _ in .hang(partial: "thinking… ") }
        let run = try await start(store, scripted)
        var events: [DebateEvent] = []
        var started = 0
        for await event in run.events {
            events.append(event)
            if case .modelTurn(_, .initial, .text) = event {
                started += 1
                if started == 3 { run.cancel() }
            }
        }
        let result = try await run.result()
        #expect(result.run.status == .cancelled)
        #expect(result.entries.allSatisfy { $0.status == .error && $0.errorStage == .initial })
        #expect(result.entries.allSatisfy { $0.error == "cancelled" })
        #expect(result.run.summary.status == .error)
        #expect(!scripted.calls.contains { $0.stage == .synthesis })
        // The partial text is kept on the interrupted thread messages.
        let thread = try #require(try await store.debateThread(runID: run.runID, modelIndex: 0))
        #expect(thread.steps[0].answer?.status == .interrupted)
        #expect(thread.steps[0].answer?.content == "thinking… ")
        guard case .finished? = events.last else {
            Issue.record("the stream must end with .finished")
            return
        }
    }

    @Test func everythingReloadsIdenticallyFromAReopenedStore() async throws {
        let (store, path) = try makeTestStore()
        let run = try await start(store, ScriptedModels(DebateScript.reply))
        _ = await collect(run.events)
        let result = try await run.result()
        let threads = try await (0..<3).asyncMap { try await store.debateThread(runID: run.runID, modelIndex: $0) }
        let listed = try await store.runs()
        try await store.close()

        let reopened = try Store(path: path)
        #expect(try await reopened.debateRunDetail(id: run.runID) == result)
        let reloadedThreads = try await (0..<3).asyncMap { try await reopened.debateThread(runID: run.runID, modelIndex: $0) }
        #expect(reloadedThreads == threads)
        #expect(try await reopened.runs() == listed)
        let item = try #require(listed.first)
        #expect(item.kind == .debate)
        #expect(item.total == 3)
        #expect(item.succeeded == 3)
        #expect(item.status == .complete)
        #expect(item.promptPreview == DebateScript.prompt)
        #expect((item.cost ?? 0) > 0)
        #expect(try await reopened.runKind(id: run.runID) == .debate)
        #expect(try await reopened.debateRuns(sessionID: run.sessionID).map(\.id) == [run.runID])
    }

    @Test func aRunLeftUnfinishedByADeadProcessIsRecoveredAsInterrupted() async throws {
        let (store, path) = try makeTestStore()
        let session = try await store.createSession(kind: .debate, title: "t")
        let detail = try await store.createDebateRun(sessionID: session.id, prompt: "p", models: DebateScript.models,
                                                     master: fake("m-alpha"), summaryModel: fake("m-alpha"))
        try await store.setDebateEntryStatus(entryID: detail.entries[0].id, status: .debate)
        try await store.close()

        let reopened = try Store(path: path)
        #expect(try await reopened.recoverInterruptedRuns() == 1)
        let recovered = try #require(try await reopened.debateRunDetail(id: detail.run.id))
        #expect(recovered.run.status == .interrupted)
        #expect(recovered.entries.map(\.errorStage) == [.debate, .initial, .initial])
        #expect(recovered.entries.allSatisfy { $0.status == .error && $0.error?.hasPrefix("interrupted") == true })
        #expect(recovered.run.summary.status == .error)
        #expect(try await reopened.recoverInterruptedRuns() == 0)
    }

    @Test func requestsThatCannotRunAreRefusedClearly() async throws {
        let (store, _) = try makeTestStore()
        let directory = ScriptedDirectory(models: ScriptedModels(DebateScript.reply))
        await #expect(throws: MultiModelError.tooFewModels(1)) {
            _ = try await MultiModelRun.start(DebateRequest(prompt: "p", models: [fake("a")]), store: store, directory: directory)
        }
        await #expect(throws: MultiModelError.emptyPrompt) {
            _ = try await MultiModelRun.start(DebateRequest(prompt: "  \n", models: DebateScript.models), store: store,
                                              directory: directory)
        }
        await #expect(throws: MultiModelError.noSuchSession(99)) {
            _ = try await MultiModelRun.start(DebateRequest(prompt: "p", models: DebateScript.models, sessionID: 99),
                                              store: store, directory: directory)
        }
        #expect(MultiModelError.tooFewModels(1).description.contains("at least two models"))
        #expect(try await store.runs().isEmpty)
    }

    @Test func deletingTheSessionRemovesTheRunAndItsThreads() async throws {
        let (store, _) = try makeTestStore()
        let run = try await start(store, ScriptedModels(DebateScript.reply))
        _ = await collect(run.events)
        #expect(try await store.sessions().count == 4)
        try await store.deleteSession(id: run.sessionID)
        #expect(try await store.sessions().isEmpty)
        #expect(try await store.debateRunDetail(id: run.runID) == nil)
        #expect(try await store.runs().isEmpty)
    }

    @Test func aModelUnknownToTheDirectoryIsAnErrorEntryNotAThrow() async throws {
        let (store, _) = try makeTestStore()
        let models = [fake("m-alpha"), ModelRef(provider: "nowhere", model: "x"), fake("m-gamma")]
        let run = try await start(store, ScriptedModels(DebateScript.reply), models: models)
        _ = await collect(run.events)
        let result = try await run.result()
        #expect(result.entries.map(\.status) == [.complete, .error, .complete])
        #expect(result.entries[1].error?.contains("unknown model nowhere:x") == true)
        #expect(result.run.status == .complete)
    }
}

extension Sequence {
    /// Maps in order, awaiting each element.
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var out: [T] = []
        for element in self { out.append(try await transform(element)) }
        return out
    }
}
