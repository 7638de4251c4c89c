import Core
import Engine
import Foundation
import Providers
import Store
import Testing

@Suite struct DebateRunTests {
    @Test func happyPathStoresAndEmitsEveryStatusInOrder() async throws {
        let (store, _) = try makeTestStore()
        let scripted = ScriptedModels(DebateScript.reply)
        let run = try await MultiModelRun.start(DebateRequest(prompt: DebateScript.prompt, models: DebateScript.models),
                                                store: store, directory: ScriptedDirectory(models: scripted))
        var events: [DebateEvent] = []
        for await event in run.events {
            if case .entryChanged(let entry) = event {
                // Stored before emitted: the store is at least as far along as the event.
                let stored = try #require(try await store.debateEntries(runID: run.runID).first { $0.id == entry.id })
                #expect(DebateScript.rank(stored.status) >= DebateScript.rank(entry.status))
            }
            events.append(event)
        }
        let result = try await run.result()
        #expect(result.run.status == .complete)
        guard case .started(let start)? = events.first, case .finished(let end)? = events.last else {
            Issue.record("the stream must start with .started and end with .finished")
            return
        }
        #expect(start.entries.map(\.status) == [.initial, .initial, .initial])
        #expect(start.entries.map(\.label) == ["A", "B", "C"])
        #expect(start.run.summary.status == .pending)
        #expect(end == result)
        for position in 0..<3 {
            let statuses = events.compactMap { event -> DebateEntryStatus? in
                guard case .entryChanged(let entry) = event, entry.position == position else { return nil }
                return entry.status
            }
            #expect(statuses.deduplicated() == [.debate, .complete], "entry \(position): \(statuses)")
        }
        let runStatuses = events.compactMap { event -> RunStatus? in
            if case .runChanged(let run) = event { return run.status }
            return nil
        }
        #expect(runStatuses.deduplicated() == [.synthesizing, .complete])
        #expect(events.contains(.summaryFinished(DebateScript.summary)))
        #expect(events.contains { if case .synthesisFinished(let message) = $0 { return message.content == DebateScript.synthesis }; return false })
        #expect(events.contains { if case .modelTurn(1, .debate, .text) = $0 { return true }; return false })

        // Every first answer before any revision; synthesis and summary after every revision.
        let stages = scripted.calls.map(\.stage)
        let lastInitial = try #require(stages.lastIndex(of: .initial))
        let firstDebate = try #require(stages.firstIndex(of: .debate))
        let lastDebate = try #require(stages.lastIndex(of: .debate))
        #expect(lastInitial < firstDebate)
        #expect(stages.firstIndex(of: .synthesis).map { $0 > lastDebate } == true)
        #expect(stages.firstIndex(of: .summary).map { $0 > lastDebate } == true)

        // The main conversation holds the prompt and the synthesis only.
        let main = try await store.messages(sessionID: run.sessionID)
        #expect(main.map(\.content) == [DebateScript.prompt, DebateScript.synthesis])
        #expect(main.last?.speaker == "Synthesis")
        #expect(result.run.synthesisMessageID == main.last?.id)
        #expect(result.run.summary.status == .complete)
        #expect(result.run.summary.text == DebateScript.summary)
        #expect(result.run.summary.cost != nil)
        for entry in result.entries {
            #expect(entry.status == .complete)
            #expect(entry.usage.inputTokens == 20)
            #expect(entry.cost != nil)
            #expect(entry.debateAnswerMessageID != nil)
        }
        let usage = try await store.usageSummary()
        #expect(usage.reduce(0) { $0 + $1.requests } == 8)
    }

    @Test func oneFailingModelIsLeftOutAndTheOthersFinish() async throws {
        let (store, _) = try makeTestStore()
        let scripted = ScriptedModels { call in
            if call.model == "m-beta" { return .fail(ProviderError(.unreachable, "connection refused")) }
            return DebateScript.reply(call)
        }
        let run = try await MultiModelRun.start(DebateRequest(prompt: DebateScript.prompt, models: DebateScript.models),
                                                store: store, directory: ScriptedDirectory(models: scripted))
        let events = await collect(run.events)
        let result = try await run.result()
        #expect(result.run.status == .complete)
        #expect(result.entries.map(\.status) == [.complete, .error, .complete])
        #expect(result.entries[1].errorStage == .initial)
        #expect(result.entries[1].error?.contains("connection refused") == true)
        let debates = scripted.calls.filter { $0.stage == .debate }
        #expect(debates.map(\.model).sorted() == ["m-alpha", "m-gamma"])
        for call in debates {
            #expect(!call.lastUser.contains("Response B"))
            #expect(!call.lastUser.contains(DebateScript.firsts["m-beta"] ?? "-"))
        }
        let synthesis = try #require(scripted.calls.first { $0.stage == .synthesis })
        #expect(!synthesis.lastUser.contains("Response B"))
        #expect(synthesis.lastUser.contains(DebateScript.revised("m-alpha")))
        let summary = try #require(scripted.calls.first { $0.stage == .summary })
        #expect(summary.lastUser.contains("no answer: connection refused"))
        #expect(events.contains { if case .synthesisFinished = $0 { return true }; return false })
        #expect(!events.contains { if case .debateSkipped = $0 { return true }; return false })
    }

    @Test func debatePromptsAreAnonymousWithStableLabels() async throws {
        let (store, _) = try makeTestStore()
        let scripted = ScriptedModels(DebateScript.reply)
        let run = try await MultiModelRun.start(DebateRequest(prompt: DebateScript.prompt, models: DebateScript.models),
                                                store: store, directory: ScriptedDirectory(models: scripted))
        _ = await collect(run.events)
        let debates = scripted.calls.filter { $0.stage == .debate }
        #expect(debates.count == 3)
        let labels = ["m-alpha": "A", "m-beta": "B", "m-gamma": "C"]
        for call in debates {
            for name in ["m-alpha", "m-beta", "m-gamma", "fake:", "fake"] {
                #expect(!call.allText.contains(name), "\(call.model)'s debate prompt names \(name)")
            }
            let own = try #require(labels[call.model])
            #expect(!call.lastUser.contains("Response \(own)"))
            for (model, label) in labels where model != call.model {
                #expect(call.lastUser.contains("--- Response \(label) ---\n\(DebateScript.firsts[model] ?? "-")"))
            }
            // Its own first answer is its own previous turn, not someone else's response.
            #expect(call.request.messages.dropLast().last == .assistant(DebateScript.firsts[call.model] ?? "-"))
        }
        let synthesis = try #require(scripted.calls.first { $0.stage == .synthesis })
        #expect(!synthesis.allText.contains("m-alpha"))
        let result = try await run.result()
        #expect(result.entries.map(\.label) == ["A", "B", "C"])
        #expect(result.entries.map(\.model) == DebateScript.models)
    }

    @Test func aFailedSummaryIsStoredAsAnErrorWhileTheSynthesisSucceeds() async throws {
        let (store, _) = try makeTestStore()
        let scripted = ScriptedModels { call in
            if call.model == "summariser" { return .fail(ProviderError(.http, "HTTP 500 from the summariser", status: 500)) }
            return DebateScript.reply(call)
        }
        let request = DebateRequest(prompt: DebateScript.prompt, models: DebateScript.models,
                                    summaryModel: fake("summariser"))
        let run = try await MultiModelRun.start(request, store: store, directory: ScriptedDirectory(models: scripted))
        let events = await collect(run.events)
        let result = try await run.result()
        #expect(result.run.status == .complete)
        #expect(result.run.summary.status == .error)
        #expect(result.run.summary.error?.contains("HTTP 500 from the summariser") == true)
        #expect(result.run.summary.text == nil)
        #expect(result.run.summary.model == fake("summariser"))
        #expect(events.contains(.summaryFailed("HTTP 500 from the summariser")))
        let synthesisID = try #require(result.run.synthesisMessageID)
        let synthesis = try #require(try await store.message(id: synthesisID))
        #expect(synthesis.status == .complete)
        #expect(synthesis.content == DebateScript.synthesis)
        let failures = try await store.usageSummary().reduce(0) { $0 + $1.failures }
        #expect(failures == 1)
    }

    @Test func aFailedSynthesisFailsTheRunButKeepsTheSummary() async throws {
        let (store, _) = try makeTestStore()
        let scripted = ScriptedModels { call in
            if call.stage == .synthesis { return .fail(ProviderError(.stalled, "the master went silent")) }
            return DebateScript.reply(call)
        }
        let run = try await MultiModelRun.start(DebateRequest(prompt: DebateScript.prompt, models: DebateScript.models),
                                                store: store, directory: ScriptedDirectory(models: scripted))
        _ = await collect(run.events)
        let result = try await run.result()
        #expect(result.run.status == .failed)
        #expect(result.run.error?.contains("the master went silent") == true)
        #expect(result.run.summary.status == .complete)
        let synthesisID = try #require(result.run.synthesisMessageID)
        let synthesis = try #require(try await store.message(id: synthesisID))
        #expect(synthesis.status == .error)
    }
}
