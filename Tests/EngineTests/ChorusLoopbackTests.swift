import Core
import Engine
import Foundation
import Providers
import Store
import Testing
import TestSupport

/// The chorus end to end over real sockets: artists on the real clients against the fakes,
/// one of them refused by the server.
@Suite struct ChorusLoopbackTests {
    @Sendable static func answer(_ request: FakeChatRequest) -> String {
        "===ARTIST STATEMENT===\nSnow as silence (\(request.model)).\n===FINAL IMAGE PROMPT===\nfirst snow, quiet street, \(request.model)"
    }

    @Test func aGroupRunsOverLoopbackAndRecordsPendingGenerations() async throws {
        let ollama = try FakeOllamaServer(defaultBehaviour: .responder(Self.answer))
        let openAI = try FakeOpenAIServer(apiKey: "sk-right", defaultBehaviour: .responder(Self.answer))
        defer { ollama.stop(); openAI.stop() }
        let directory = LoopbackDirectory(providers: [
            "ollama": try OllamaProvider(baseURL: ollama.baseURL),
            "openai": try OpenAICompatibleProvider(name: "openai", baseURL: openAI.baseURL, apiKey: "sk-right"),
            "wrongkey": try OpenAICompatibleProvider(name: "wrongkey", baseURL: openAI.baseURL, apiKey: "sk-wrong"),
        ])
        let (store, path) = try makeTestStore()
        let artists = try ArtistRegistry().select(["ollama:llama3.2", "openai:gpt-4o-mini", "wrongkey:gpt-4o-mini"])
        let chorus = Chorus(store: store, directory: directory, settings: ChorusScript.fastSettings())
        let group = try await chorus.start(ChorusRequest(prompt: ChorusScript.prompt, artists: artists,
                                                         brush: ChorusScript.brush, budget: 1))
        _ = await collect(group.events)
        let result = try await group.result()
        #expect(result.runs.map(\.status) == [.done, .done, .failed])
        #expect(result.runs[0].imagePrompt == "first snow, quiet street, llama3.2")
        #expect(result.runs[1].statement == "Snow as silence (gpt-4o-mini).")
        #expect(result.runs[2].attempts == 1)
        #expect(result.runs[2].error?.isEmpty == false)
        #expect(result.runs[0...1].allSatisfy { $0.generationStatus == .pending })
        let export = String(decoding: try await chorus.export(groupID: group.groupID), as: UTF8.self)
        #expect(!export.contains("sk-right") && !export.contains("sk-wrong"))
        try await store.close()
        let reopened = try Store(path: path)
        #expect(try await reopened.chorusGroupDetail(id: group.groupID) == result)
    }

    @Test func spendingPastTheBudgetStopsTheGroupOverLoopback() async throws {
        var costly = FakeBehaviour.responder(Self.answer)
        costly.inputTokens = 20_000
        let openAI = try FakeOpenAIServer(defaultBehaviour: costly)
        defer { openAI.stop() }
        let directory = LoopbackDirectory(providers: [
            "openai": try OpenAICompatibleProvider(name: "openai", baseURL: openAI.baseURL),
        ])
        let (store, _) = try makeTestStore()
        let artists = ["one", "two", "three"].map {
            Artist(slug: $0, model: ModelRef(provider: "openai", model: "gpt-4o-mini"), maxTokens: 10)
        }
        let chorus = Chorus(store: store, directory: directory, settings: ChorusScript.fastSettings(global: 1, perProvider: 1))
        let request = ChorusRequest(prompt: ChorusScript.prompt, artists: artists, brush: ChorusScript.brush, budget: 0.001)
        #expect(chorus.estimate(request).total < 0.001)
        let group = try await chorus.start(request)
        let events = await collect(group.events)
        let result = try await group.result()
        #expect(result.stats.done == 1)
        #expect(result.runs.filter { $0.error?.hasPrefix("budget exhausted") == true }.count == 2)
        #expect(events.contains { if case .budgetStopped = $0 { return true }; return false })
        let chats = openAI.script.requests.filter { $0.path.hasSuffix("/chat/completions") }
        #expect(chats.count == 1)
    }

    @Test func aGroupIsCancelledThenItsFailedArtistsRerunOverLoopback() async throws {
        let openAI = try FakeOpenAIServer(defaultBehaviour: FakeBehaviour.responder(Self.answer).paced(tokensPerSecond: 1))
        defer { openAI.stop() }
        let directory = LoopbackDirectory(providers: [
            "openai": try OpenAICompatibleProvider(name: "openai", baseURL: openAI.baseURL),
        ])
        let (store, _) = try makeTestStore()
        let artists = ["one", "two", "three"].map { Artist(slug: $0, model: ModelRef(provider: "openai", model: "gpt-4o-mini")) }
        let chorus = Chorus(store: store, directory: directory, settings: ChorusScript.fastSettings(global: 2, perProvider: 2))
        let group = try await chorus.start(ChorusRequest(prompt: ChorusScript.prompt, artists: artists, brush: ChorusScript.brush))
        for await event in group.events {
            if case .artistTurn(_, .text) = event { group.cancel() }
        }
        let cancelled = try await group.result()
        #expect(cancelled.group.status == .cancelled)
        #expect(cancelled.runs.allSatisfy { $0.status == .failed && $0.error == "cancelled" })
        #expect(cancelled.runs.contains { $0.attempts == 0 })

        openAI.script.defaultBehaviour = .responder(Self.answer)
        let again = try await chorus.rerunFailed(groupID: group.groupID)
        _ = await collect(again.events)
        let rerun = try await again.result()
        #expect(rerun.group.status == .complete)
        #expect(rerun.runs.map(\.status) == [.done, .done, .done])
        #expect(rerun.runs.map(\.imagePrompt) == Array(repeating: "first snow, quiet street, gpt-4o-mini", count: 3))
    }
}
