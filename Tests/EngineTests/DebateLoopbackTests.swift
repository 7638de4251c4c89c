import Core
import Engine
import Foundation
import Providers
import Store
import Testing
import TestSupport

/// Resolves models to real HTTP clients pointed at loopback fake servers, priced from the
/// built-in registry (free when not listed).
struct LoopbackDirectory: ModelDirectory {
    let providers: [String: any ChatProvider]

    func resolve(_ ref: ModelRef) throws -> ResolvedModel {
        guard let provider = providers[ref.provider] else {
            throw ProviderError(.modelNotFound, "unknown provider \(ref.provider)")
        }
        let info = BuiltInModels.all.first { $0.ref == ref } ?? ModelInfo(ref: ref, pricePer1kInput: 0, pricePer1kOutput: 0)
        return ResolvedModel(info: info, provider: provider)
    }
}

/// End to end over real sockets: the engine, the real Ollama and OpenAI-compatible clients,
/// and the loopback fake servers answering per prompt.
@Suite struct DebateLoopbackTests {
    static let firsts = ["llama3.2": "Answer one: scattering.", "qwen3:4b": "Answer two: short wavelengths.",
                         "gpt-4o-mini": "Answer three: Rayleigh."]

    @Sendable static func answer(_ request: FakeChatRequest) -> String {
        let system = request.system ?? ""
        if system.contains("master model") { return "Synthesis over loopback." }
        if system.contains("run summary") { return "A, B and C agreed; D failed." }
        let model = request.model.replacingOccurrences(of: ":latest", with: "")
        if request.lastUserText.contains("Other assistants answered") { return "Revised: " + (firsts[model] ?? "?") }
        return firsts[model] ?? "unscripted"
    }

    @Test func aDebateRunsOverLoopbackWithOneFailingModel() async throws {
        let ollama = try FakeOllamaServer(defaultBehaviour: .responder(Self.answer))
        let openAI = try FakeOpenAIServer(apiKey: "sk-loopback-test", defaultBehaviour: .responder(Self.answer))
        defer { ollama.stop(); openAI.stop() }
        let directory = LoopbackDirectory(providers: [
            "ollama": try OllamaProvider(baseURL: ollama.baseURL),
            "openai": try OpenAICompatibleProvider(name: "openai", baseURL: openAI.baseURL, apiKey: "sk-loopback-test"),
        ])
        let (store, path) = try makeTestStore()
        let models = [ModelRef(provider: "ollama", model: "llama3.2"), ModelRef(provider: "ollama", model: "qwen3:4b"),
                      ModelRef(provider: "openai", model: "gpt-4o-mini"), ModelRef(provider: "ollama", model: "missing")]
        let run = try await MultiModelRun.start(DebateRequest(prompt: "Why is the sky blue?", models: models,
                                                              master: models[2]),
                                                store: store, directory: directory)
        let events = await collect(run.events)
        let result = try await run.result()

        #expect(result.run.status == .complete)
        #expect(result.entries.map(\.status) == [.complete, .complete, .complete, .error])
        #expect(result.entries[3].errorStage == .initial)
        #expect(result.entries[3].error?.contains("missing") == true)
        #expect(result.entries[0...2].allSatisfy { $0.usage.outputTokens > 0 })
        #expect(result.entries[2].cost.map { $0 > 0 } == true)
        #expect(result.run.summary.text == "A, B and C agreed; D failed.")
        let main = try await store.messages(sessionID: run.sessionID)
        #expect(main.map(\.content) == ["Why is the sky blue?", "Synthesis over loopback."])
        #expect(events.contains { if case .modelTurn(2, .debate, .text) = $0 { return true }; return false })

        let thread = try #require(try await store.debateThread(runID: run.runID, modelIndex: 2))
        #expect(thread.steps[1].answer?.content == "Revised: Answer three: Rayleigh.")

        // What crossed the wire: debate prompts carry labels, never model names, never D.
        let bodies = (ollama.script.requests + openAI.script.requests)
            .filter { $0.path.hasSuffix("/chat") || $0.path.hasSuffix("/chat/completions") }
            .map { String(decoding: $0.body, as: UTF8.self) }
        let debates = bodies.filter { $0.contains("Other assistants answered") }
        #expect(debates.count == 3)
        for body in debates {
            #expect(!body.contains("Response D"))
            let lastUser = body.components(separatedBy: "Other assistants answered").last ?? ""
            for name in ["llama3.2", "qwen3", "gpt-4o-mini", "missing"] { #expect(!lastUser.contains(name)) }
        }
        #expect(debates.contains { $0.contains("--- Response C ---\\nAnswer three: Rayleigh.") })

        try await store.close()
        let reopened = try Store(path: path)
        #expect(try await reopened.debateRunDetail(id: run.runID) == result)
    }

    @Test func aFailedSummaryOverLoopbackIsStoredWhileTheSynthesisStreams() async throws {
        let ollama = try FakeOllamaServer(defaultBehaviour: .responder(Self.answer))
        let broken = try FakeOpenAIServer(defaultBehaviour: .failure(400, message: "summaries are off today"))
        defer { ollama.stop(); broken.stop() }
        let directory = LoopbackDirectory(providers: [
            "ollama": try OllamaProvider(baseURL: ollama.baseURL),
            "openai": try OpenAICompatibleProvider(name: "openai", baseURL: broken.baseURL),
        ])
        let (store, _) = try makeTestStore()
        let models = [ModelRef(provider: "ollama", model: "llama3.2"), ModelRef(provider: "ollama", model: "qwen3:4b")]
        let run = try await MultiModelRun.start(
            DebateRequest(prompt: "Why is the sky blue?", models: models,
                          summaryModel: ModelRef(provider: "openai", model: "gpt-4o-mini")),
            store: store, directory: directory)
        _ = await collect(run.events)
        let result = try await run.result()
        #expect(result.run.status == .complete)
        #expect(result.run.summary.status == .error)
        #expect(result.run.summary.error?.contains("summaries are off today") == true)
        let synthesisID = try #require(result.run.synthesisMessageID)
        #expect(try await store.message(id: synthesisID)?.content == "Synthesis over loopback.")
    }
}
