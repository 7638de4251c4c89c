import Core
import Engine
import Foundation
import Providers
import Store
import Testing

@Suite struct ChorusControlTests {
    @Test func cancellingAGroupStopsRunningCallsAndNeverStartsQueuedOnes() async throws {
        let (store, _) = try makeTestStore()
        let scripted = ScriptedModels { _ in .hang(partial: "===ARTIST STATEMENT===\n") }
        let chorus = Chorus(store: store, directory: ScriptedDirectory(models: scripted),
                            settings: ChorusScript.fastSettings(global: 2, perProvider: 2))
        let group = try await chorus.start(ChorusRequest(prompt: ChorusScript.prompt,
                                                         artists: ChorusScript.artists(["a1", "a2", "a3", "a4"]),
                                                         brush: ChorusScript.brush))
        #expect(await chorus.isRunning(groupID: group.groupID))
        var events: [ChorusEvent] = []
        var streaming = 0
        for await event in group.events {
            events.append(event)
            if case .artistTurn(_, .text) = event {
                streaming += 1
                if streaming == 2 { #expect(await chorus.cancel(groupID: group.groupID)) }
            }
        }
        let result = try await group.result()
        #expect(result.group.status == .cancelled)
        #expect(result.runs.allSatisfy { $0.status == .failed && $0.error == "cancelled" })
        #expect(result.runs.filter { $0.attempts == 0 }.count == 2)
        #expect(scripted.calls.count == 2)
        #expect(events.contains(.cancelled))
        #expect(try await store.messages(sessionID: group.sessionID).filter { $0.status == .interrupted }.count == 2)
    }

    @Test func failedArtistsCanBeRunAgain() async throws {
        let (store, _) = try makeTestStore()
        let healed = CallCounter()
        let scripted = ScriptedModels { call in
            if call.model == "bo" && healed.recorded.isEmpty { return .fail(ProviderError(.authentication, "bad key")) }
            return ChorusScript.reply(call)
        }
        let chorus = Chorus(store: store, directory: ScriptedDirectory(models: scripted), settings: ChorusScript.fastSettings())
        let first = try await chorus.start(ChorusRequest(prompt: ChorusScript.prompt, artists: ChorusScript.artists(["ada", "bo"]),
                                                         brush: ChorusScript.brush))
        _ = await collect(first.events)
        let before = try await first.result()
        #expect(before.runs.map(\.status) == [.done, .failed])
        healed.record(1)

        let again = try await chorus.rerunFailed(groupID: first.groupID)
        await #expect(throws: ChorusError.groupRunning(first.groupID)) { _ = try await chorus.rerunFailed(groupID: first.groupID) }
        let events = await collect(again.events)
        let after = try await again.result()
        #expect(after.group.status == .complete)
        #expect(after.runs.map(\.status) == [.done, .done])
        #expect(after.runs[0] == before.runs[0])
        #expect(after.runs[1].attempts == 2)
        #expect(after.runs[1].error == nil)
        guard case .started(let start)? = events.first else {
            Issue.record("a re-run starts with .started")
            return
        }
        #expect(start.runs.map(\.status) == [.done, .queued])
        await #expect(throws: ChorusError.nothingToRerun(first.groupID)) { _ = try await chorus.rerunFailed(groupID: first.groupID) }
        await #expect(throws: ChorusError.noSuchGroup(424242)) { _ = try await chorus.rerunFailed(groupID: 424242) }
    }

    @Test func anInterruptedGroupIsRecoveredAndRerunAfterARestart() async throws {
        let (store, path) = try makeTestStore()
        let detail = try await store.createChorusGroup(title: "t", promptVersion: "v1", prompt: ChorusScript.prompt,
                                                       promptSHA256: SHA256Hasher.hex(ChorusScript.prompt),
                                                       systemPrompt: ChorusPrompts.artistSystem, brush: ChorusScript.brush,
                                                       budget: nil, estimatedCost: nil,
                                                       artists: ChorusScript.artists(["ada", "bo"]))
        try await store.beginChorusAttempt(runID: detail.runs[0].id)
        try await store.close()

        let reopened = try Store(path: path)
        #expect(try await reopened.recoverInterruptedRuns() == 1)
        let recovered = try #require(try await reopened.chorusGroupDetail(id: detail.group.id))
        #expect(recovered.group.status == .interrupted)
        #expect(recovered.runs.allSatisfy { $0.status == .failed && $0.error?.hasPrefix("interrupted") == true })
        let chorus = Chorus(store: reopened, directory: ScriptedDirectory(models: ScriptedModels(ChorusScript.reply)),
                            settings: ChorusScript.fastSettings())
        let again = try await chorus.rerunFailed(groupID: detail.group.id)
        _ = await collect(again.events)
        #expect(try await again.result().stats.done == 2)
    }

    @Test func theArtistRegistryMergesBuiltInsSavedAndConfig() async throws {
        let (store, _) = try makeTestStore()
        try await store.saveArtist(Artist(slug: "llama", model: ModelRef(provider: "ollama", model: "llama3.1"),
                                          displayName: "Saved Llama"))
        let config = [Artist(slug: "mine", model: fake("m"), displayName: "Mine", temperature: 0.3, maxTokens: 50),
                      Artist(slug: "qwen", model: ModelRef(provider: "ollama", model: "qwen3"), displayName: "Qwen 3")]
        let registry = try await ArtistRegistry.load(store: store, config: config)
        #expect(registry.artist(slug: "llama")?.displayName == "Saved Llama")
        #expect(registry.artist(slug: "qwen")?.model.model == "qwen3")
        #expect(registry.artist(slug: "gpt-4o-mini") != nil)
        #expect(try await store.artists().map(\.slug) == ["llama", "mine", "qwen"])
        let chosen = try registry.select(["mine", "ollama:mistral:7b"])
        #expect(chosen.map(\.slug) == ["mine", "ollama-mistral-7b"])
        #expect(chosen[1].model == ModelRef(provider: "ollama", model: "mistral:7b"))
        #expect(throws: ChorusError.duplicateArtist("mine")) { _ = try registry.select(["mine", "mine"]) }
        let unknown = try #require(throws: ChorusError.self) { _ = try registry.select(["nobody"]) }
        #expect(unknown.description.contains("unknown artist 'nobody'"))
        #expect(unknown.description.contains("gpt-4o-mini"))
        await #expect(throws: ChorusError.invalidArtistSlug("Bad Slug")) {
            _ = try await ArtistRegistry.load(store: store, config: [Artist(slug: "Bad Slug", model: fake("x"))])
        }
    }

    @Test func requestsThatCannotRunAreRefused() async throws {
        let (store, _) = try makeTestStore()
        let chorus = Chorus(store: store, directory: ScriptedDirectory(models: ScriptedModels(ChorusScript.reply)))
        let artists = ChorusScript.artists(["ada"])
        await #expect(throws: ChorusError.emptyPrompt) {
            _ = try await chorus.start(ChorusRequest(prompt: " ", artists: artists, brush: ChorusScript.brush))
        }
        await #expect(throws: ChorusError.noArtists) {
            _ = try await chorus.start(ChorusRequest(prompt: "p", artists: [], brush: ChorusScript.brush))
        }
        await #expect(throws: ChorusError.duplicateArtist("ada")) {
            _ = try await chorus.start(ChorusRequest(prompt: "p", artists: artists + artists, brush: ChorusScript.brush))
        }
        await #expect(throws: ChorusError.invalidBudget) {
            _ = try await chorus.start(ChorusRequest(prompt: "p", artists: artists, brush: ChorusScript.brush, budget: -1))
        }
        #expect(try await store.runs().isEmpty)
    }
}
