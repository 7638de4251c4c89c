import Core
import Engine
import Foundation
import Net
import Providers
import Store
import Testing
import TestSupport

/// A team session over real loopback sockets: the creative specialists on the fake Ollama
/// server through `OllamaProvider`, Pixel and Lens on the fake OpenAI-compatible server
/// through `OpenAICompatibleProvider`. The fakes answer per system prompt from a `TeamScript`.
struct LoopbackTeam {
    let ollama: FakeOllamaServer
    let openAI: FakeOpenAIServer
    let script: TeamScript
    let directory: TeamLoopbackDirectory

    init(script: TeamScript) throws {
        self.script = script
        ollama = try FakeOllamaServer()
        openAI = try FakeOpenAIServer()
        let behaviour = Self.behaviour(script)
        ollama.defaultBehaviour = behaviour
        openAI.defaultBehaviour = behaviour
        let settings = ClientSettings(connectTimeout: 3, firstByteTimeout: 10, stallTimeout: 5,
                                      retry: RetryPolicy(maxRetries: 1, initialBackoff: 0.05, maxBackoff: 0.1))
        directory = TeamLoopbackDirectory(
            ollama: try OllamaProvider(baseURL: ollama.baseURL, settings: settings),
            openAI: try OpenAICompatibleProvider(name: "openai", baseURL: openAI.baseURL, settings: settings))
    }

    /// Every chat request is classified like the in-process fakes and answered from the script.
    static func behaviour(_ script: TeamScript) -> FakeBehaviour {
        .responder { request in
            let jsonMode = request.json["format"] != nil || request.json["response_format"] != nil
            let chat = ChatRequest(model: request.model, messages: [.system(request.system ?? ""), .user(request.lastUserText)],
                                   jsonMode: jsonMode)
            return script.responder(script.record(chat)).pieces.joined()
        }
    }

    static let models: [TeamRole: ModelRef] = [
        .luna: ModelRef(provider: "ollama", model: "llama3.2"),
        .frame: ModelRef(provider: "ollama", model: "llama3.2"),
        .saga: ModelRef(provider: "ollama", model: "qwen3:4b"),
        .pixel: ModelRef(provider: "openai", model: "gpt-4o-mini"),
        .lens: ModelRef(provider: "openai", model: "gpt-4.1"),
    ]

    func stop() {
        ollama.stop()
        openAI.stop()
    }
}

/// `ollama:*` and `openai:*` to the two real clients.
struct TeamLoopbackDirectory: ModelDirectory {
    let ollama: OllamaProvider
    let openAI: OpenAICompatibleProvider

    func resolve(_ ref: ModelRef) throws -> ResolvedModel {
        switch ref.provider {
        case "ollama": return ResolvedModel(info: ModelInfo(ref: ref, pricePer1kInput: 0, pricePer1kOutput: 0), provider: ollama)
        case "openai": return ResolvedModel(info: ModelInfo(ref: ref, pricePer1kInput: 0.15, pricePer1kOutput: 0.6), provider: openAI)
        default: throw ProviderError(.modelNotFound, "unknown model \(ref)")
        }
    }
}

@Suite struct TeamLoopbackTests {
    func session(_ team: LoopbackTeam, models: [TeamRole: ModelRef] = LoopbackTeam.models,
                 settings: TeamSettings = TeamSettings()) async throws -> (TeamSession, EventLog, Store) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("team-loop-\(UUID().uuidString)/a.db").path
        let store = try Store(path: path)
        let configuration = TeamConfiguration(defaultModel: ModelRef(provider: "ollama", model: "llama3.2"),
                                              settings: settings, seed: 3)
        let session = try await TeamSession.create(store: store, directory: team.directory, configuration: configuration,
                                                   models: models)
        return (session, EventLog(session), store)
    }

    @Test func aShortSessionWithInterjectionsReachesReadyOverSockets() async throws {
        let team = try LoopbackTeam(script: TeamScript())
        defer { team.stop() }
        // Luna's first take streams slowly, so the person types during it.
        team.ollama.enqueue(LoopbackTeam.behaviour(team.script).paced(tokensPerSecond: 25))
        let (session, log, store) = try await session(team)
        try await session.start(Standard.request)
        try await log.wait(for: "Luna started") { if case .turn(.luna, .started) = $0 { return true } else { return false } }
        let texts = ["Luna, more rain", "Frame, go wider", "Saga, a little hope"]
        var sent: [Int64] = []
        for text in texts { sent.append(try await session.interject(text).id) }
        let ready = try await log.waitForReady()

        #expect(ready.spec.sampler == "dpmpp_2m" && ready.spec.steps == 28)
        #expect(log.phases == [.ideation, .refinement, .synthesis, .review, .ready])
        let answered = log.all.compactMap { if case .interjectionAnswered(let id, let roles) = $0 { return (id, roles) } else { return nil } }
        #expect(answered.map(\.0) == sent)
        #expect(answered.map(\.1) == [[.luna], [.frame], [.saga]])
        // Streaming really went through the sockets, piece by piece.
        let lunaPieces = log.all.filter { if case .turn(.luna, .text) = $0 { return true } else { return false } }
        #expect(lunaPieces.count > 3)
        #expect(team.ollama.requests.filter { $0.path == "/api/chat" }.count == 9)
        #expect(team.openAI.requests.filter { $0.path == "/v1/chat/completions" }.count == 2)
        #expect(team.script.calls(.pixel).first?.jsonMode == true)
        let messages = try await TeamSessionLoader.allMessages(store: store, sessionID: session.sessionID)
        let pixel = try #require(messages.first { $0.speaker == "Pixel" })
        #expect(pixel.model == "openai:gpt-4o-mini" && pixel.status == .complete && (pixel.cost ?? 0) > 0)
        #expect(messages.filter { $0.role == .assistant }.allSatisfy { $0.status == .complete })
    }

    @Test func failuresBadSpecsAndRejectionsOverSockets() async throws {
        let script = TeamScript { call in
            if case .synthesis = call.kind, call.index == 0 { return .text("Here is my plan: steps 30 and cfg 7.") }
            if call.kind == .review && call.index == 0 { return .text("REVISE: lower the cfg to 5.") }
            return Standard.reply(call)
        }
        let team = try LoopbackTeam(script: script)
        defer { team.stop() }
        var models = LoopbackTeam.models
        models[.frame] = ModelRef(provider: "ollama", model: "not-pulled")
        let (session, log, store) = try await session(team, models: models)
        try await session.start(Standard.request)
        let ready = try await log.waitForReady()

        // Frame's model is unknown to the server: noted, skipped, the others went on.
        #expect(log.all.contains { if case .speakerSkipped(.frame, _) = $0 { return true } else { return false } })
        let notes = try await TeamSessionLoader.allMessages(store: store, sessionID: session.sessionID)
            .filter { $0.role == .system }.map(\.content)
        #expect(notes.contains { $0.hasPrefix("Frame could not answer (ollama:not-pulled)") })
        // The prose spec was retried with the error and parsed; Lens sent v1 back, approved v2.
        #expect(log.all.contains { if case .specParseRetry = $0 { return true } else { return false } })
        #expect(ready.version == 2 && ready.review == .approved && ready.source == .model)
        let specs = try await store.teamSpecs(sessionID: session.sessionID)
        #expect(specs.map(\.source) == [.retry, .model])
        #expect(specs.map(\.review) == [.rejected, .approved])
    }

    @Test func cancellingASpeakerClosesItsStreamAndTheFlowGoesOn() async throws {
        let team = try LoopbackTeam(script: TeamScript())
        defer { team.stop() }
        team.ollama.enqueue(FakeBehaviour.reply("Deep teal shadows and amber neon").paced(tokensPerSecond: 50).endless())
        let (session, log, store) = try await session(team)
        try await session.start(Standard.request)
        try await log.wait(for: "Luna's text") { if case .turn(.luna, .text) = $0 { return true } else { return false } }
        #expect(await session.cancelCurrentSpeaker())
        let event = try await log.wait(for: "Luna cancelled") { if case .speakerCancelled(.luna, _) = $0 { return true } else { return false } }
        _ = try await log.waitForReady()
        guard case .speakerCancelled(_, let message) = event else { return }
        let stored = try #require(try await store.message(id: message.id))
        #expect(stored.status == .interrupted)
        #expect(stored.content.hasPrefix("Deep"))
        // That the cancelled request's connection closes is proven per provider in
        // ClientsCancellationTests; here libcurl keeps the other speakers' finished
        // connections open for reuse, so "no open connections" would test the pool.
    }
}
