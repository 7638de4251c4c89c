import Core
import Engine
import Foundation
import Providers
import Store
import Testing

@Suite struct ChorusLimitsTests {
    @Test func globalAndPerProviderLimitsAreNeverExceeded() async throws {
        let (store, _) = try makeTestStore()
        let slow: @Sendable (FakeCall) -> FakeReply = { .text(ChorusScript.answer($0.model), delay: .milliseconds(150)) }
        let fakeModels = ScriptedModels(slow)
        let otherModels = ScriptedModels(slow)
        let directory = ScriptedDirectory(models: fakeModels, separate: ["other": otherModels])
        let settings = ChorusSettings(globalLimit: 3, providerLimits: ["fake": 2], defaultProviderLimit: 4,
                                      retry: .never, sleep: { _ in })
        let chorus = Chorus(store: store, directory: directory, settings: settings)
        let artists = ChorusScript.artists(["f1", "f2", "f3", "f4", "f5"])
            + ChorusScript.artists(["o1", "o2", "o3", "o4"], provider: "other")
        let group = try await chorus.start(ChorusRequest(prompt: ChorusScript.prompt, artists: artists, brush: ChorusScript.brush))
        _ = await collect(group.events)
        let result = try await group.result()
        #expect(result.stats.done == 9)
        #expect(fakeModels.maxInFlight <= 2)
        #expect(fakeModels.maxInFlight + otherModels.maxInFlight >= 2)
        #expect(otherModels.maxInFlight <= 3)
        #expect(fakeModels.calls.count == 5 && otherModels.calls.count == 4)
    }

    @Test func theGlobalLimitHoldsAcrossProviders() async throws {
        let (store, _) = try makeTestStore()
        let shared = ScriptedModels { .text(ChorusScript.answer($0.model), delay: .milliseconds(100)) }
        let directory = ScriptedDirectory(models: shared, separate: ["other": shared])
        let settings = ChorusSettings(globalLimit: 2, defaultProviderLimit: 5, retry: .never, sleep: { _ in })
        let chorus = Chorus(store: store, directory: directory, settings: settings)
        let artists = ChorusScript.artists(["f1", "f2", "f3"]) + ChorusScript.artists(["o1", "o2", "o3"], provider: "other")
        let group = try await chorus.start(ChorusRequest(prompt: ChorusScript.prompt, artists: artists, brush: ChorusScript.brush))
        _ = await collect(group.events)
        #expect(try await group.result().stats.done == 6)
        #expect(shared.maxInFlight <= 2)
        #expect(shared.maxInFlight >= 1)
    }

    @Test func failedArtistCallsAreRetriedWithBackoff() async throws {
        let (store, _) = try makeTestStore()
        let counter = CallCounter()
        let scripted = ScriptedModels { call in
            let attempt = counter.next(call.model)
            switch call.model {
            case "flaky" where attempt <= 2: return .fail(ProviderError(.http, "HTTP 503", status: 503))
            case "locked": return .fail(ProviderError(.authentication, "the key was refused"))
            case "down": return .fail(ProviderError(.unreachable, "connection refused"))
            default: return ChorusScript.reply(call)
            }
        }
        let sleeps = CallCounter()
        let settings = ChorusScript.fastSettings(retries: 3, sleep: { sleeps.record($0) })
        let chorus = Chorus(store: store, directory: ScriptedDirectory(models: scripted), settings: settings)
        let group = try await chorus.start(ChorusRequest(prompt: ChorusScript.prompt,
                                                         artists: ChorusScript.artists(["flaky", "locked", "down"]),
                                                         brush: ChorusScript.brush))
        let events = await collect(group.events)
        let result = try await group.result()
        let flaky = result.runs[0], locked = result.runs[1], down = result.runs[2]
        #expect(flaky.status == .done)
        #expect(flaky.attempts == 3)
        #expect(locked.status == .failed && locked.attempts == 1 && locked.error == "the key was refused")
        #expect(down.status == .failed && down.attempts == 4 && down.error == "connection refused")
        let flakyRetries = events.compactMap { event -> Double? in
            guard case .retrying(flaky.id, _, let delay, _) = event else { return nil }
            return delay
        }
        #expect(flakyRetries == [0.5, 1.0])
        #expect(sleeps.recorded.sorted() == [0.5, 0.5, 1.0, 1.0, 2.0])
        // Every attempt is kept in the session (failed ones as error messages).
        let messages = try await store.messages(sessionID: group.sessionID)
        #expect(messages.filter { $0.status == .error }.count == 2 + 1 + 4)
    }

    @Test func aBudgetBelowTheEstimateIsRefusedBeforeAnythingStarts() async throws {
        let (store, _) = try makeTestStore()
        let scripted = ScriptedModels(ChorusScript.reply)
        let chorus = Chorus(store: store, directory: ScriptedDirectory(models: scripted), settings: ChorusScript.fastSettings())
        let request = ChorusRequest(prompt: ChorusScript.prompt, artists: ChorusScript.artists(["ada", "bo"], maxTokens: 500),
                                    brush: ChorusScript.brush, budget: 0.5)
        let estimate = chorus.estimate(request)
        #expect(estimate.lines.map(\.outputTokens) == [500, 500])
        #expect(estimate.total > 2 && estimate.total < 3)
        let error = try #require(await #expect(throws: ChorusError.self) { _ = try await chorus.start(request) })
        guard case .overBudget(let estimated, let budget, _) = error else {
            Issue.record("expected overBudget, got \(error)")
            return
        }
        #expect(budget == 0.5 && estimated == estimate.total)
        #expect(error.description.contains("exceeds the budget $0.5000"))
        #expect(scripted.calls.isEmpty)
        #expect(try await store.runs().isEmpty)
        #expect(try await store.sessions().isEmpty)
    }

    @Test func spendingPastTheBudgetStopsLaunchingArtists() async throws {
        let (store, _) = try makeTestStore()
        // The estimate counts 10 output tokens each; the model reports 1,000.
        let scripted = ScriptedModels { .text(ChorusScript.answer($0.model), usage: Usage(inputTokens: 100, outputTokens: 1000)) }
        let settings = ChorusScript.fastSettings(global: 1, perProvider: 1)
        let chorus = Chorus(store: store, directory: ScriptedDirectory(models: scripted), settings: settings)
        let request = ChorusRequest(prompt: ChorusScript.prompt, artists: ChorusScript.artists(["ada", "bo", "cy"], maxTokens: 10),
                                    brush: ChorusScript.brush, budget: 1.5)
        #expect(chorus.estimate(request).total < 1.5)
        let group = try await chorus.start(request)
        let events = await collect(group.events)
        let result = try await group.result()
        #expect(result.stats.done == 1)
        #expect(result.stats.failed == 2)
        let stopped = result.runs.filter { $0.status == .failed }
        #expect(stopped.allSatisfy { $0.error?.hasPrefix("budget exhausted") == true && $0.attempts == 0 })
        #expect(scripted.calls.count == 1)
        #expect(events.filter { if case .budgetStopped = $0 { return true }; return false }.count == 1)
        #expect(result.group.note?.hasPrefix("budget exhausted") == true)
        #expect(result.group.status == .complete)
        #expect(try await store.chorusSpent(groupID: group.groupID) > 1.5)
    }
}
