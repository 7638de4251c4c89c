import Core
import Foundation
import Net
@testable import Providers
import Testing
import TestSupport

/// One fake server and a client for it.
struct FakeSetup {
    let server: any FakeChatServer
    let provider: any ChatProvider
    let model: String

    static let key = "sk-fake-SECRET-0123456789abcdef"

    init(_ dialect: Dialect, settings: ClientSettings = testSettings(), flavour: FakeOpenAIServer.Flavour = .openAI,
         key: String? = FakeSetup.key) throws {
        switch dialect {
        case .ollama:
            let fake = try FakeOllamaServer()
            server = fake
            provider = try OllamaProvider(baseURL: fake.baseURL, settings: settings)
            model = "llama3.2"
        case .openai:
            let fake = try FakeOpenAIServer(flavour: flavour, apiKey: FakeSetup.key)
            server = fake
            let name = flavour.family == .openRouter ? "openrouter" : "openai"
            provider = try OpenAICompatibleProvider(name: name, baseURL: fake.baseURL, apiKey: key, settings: settings)
            model = fake.models[0]
        case .anthropic:
            let fake = try FakeAnthropicServer(apiKey: FakeSetup.key)
            server = fake
            provider = try AnthropicProvider(baseURL: fake.baseURL, apiKey: key, settings: settings)
            model = "claude-haiku-4-5"
        }
    }

    var request: ChatRequest {
        ChatRequest(model: model, messages: [.system("Be brief."), .user("Say hello")])
    }

    func run(_ behaviour: FakeBehaviour? = nil) async -> (result: Collected, seconds: Double) {
        if let behaviour { server.enqueue(behaviour) }
        let start = ContinuousClock.now
        let result = await collect(provider.stream(request))
        return (result, secondsSince(start))
    }
}

@Suite("Clients: against the fake servers")
struct ClientsFakeServerTests {
    @Test("the default reply streams whole, with usage and timings", arguments: Dialect.allCases)
    func happyPath(dialect: Dialect) async throws {
        let setup = try FakeSetup(dialect)
        defer { setup.server.stop() }
        let (result, _) = await setup.run(.reply("Hello there, café ☕ friend.").paced(tokensPerSecond: 200))
        #expect(result.error == nil)
        let completion = try #require(result.completion)
        #expect(completion.text == "Hello there, café ☕ friend.")
        #expect(result.text == completion.text)
        #expect(completion.usage.outputTokens > 0 && completion.usage.inputTokens > 0)
        #expect(completion.finishReason != nil)
        let ttft = try #require(completion.timeToFirstToken)
        #expect(ttft > 0 && ttft < completion.latency && completion.latency < 5)
        #expect(setup.server.requests.count == 1)
    }

    @Test("awkward splits, CRLF, comments and reasoning decode the same", arguments: Dialect.allCases)
    func awkwardStreams(dialect: Dialect) async throws {
        let setup = try FakeSetup(dialect)
        defer { setup.server.stop() }
        let text = "Naïve 海 🌊 waves, then rest."
        for behaviour in [FakeBehaviour.reply(text).split(.awkward), .reply(text).lineEndings(.crlf).comments(every: 1),
                          .reply(text).split(.everyBytes(3)), .reply(text).thinking("Let me think.").split(.batched(events: 4))] {
            let (result, _) = await setup.run(behaviour)
            #expect(result.error == nil, "\(dialect)")
            #expect(result.completion?.text == text)
        }
    }

    @Test("the llama.cpp and OpenRouter flavours stream", arguments: [FakeOpenAIServer.Flavour.llamaCpp, .openRouter])
    func flavours(flavour: FakeOpenAIServer.Flavour) async throws {
        let setup = try FakeSetup(.openai, flavour: flavour)
        defer { setup.server.stop() }
        let (result, _) = await setup.run(.reply("One two three"))
        #expect(result.completion?.text == "One two three")
        if flavour.family == .llamaCpp { #expect(result.completion?.usage.estimated == true) }
        if flavour.family == .openRouter {
            #expect(setup.server.requests.first?.header("X-Title") == "Atelier")
        }
    }

    @Test("truncations and early ends are .incomplete with the partial text", arguments: Dialect.allCases)
    func truncations(dialect: Dialect) async throws {
        let setup = try FakeSetup(dialect)
        defer { setup.server.stop() }
        let base = FakeBehaviour.reply("alpha beta gamma delta")
        let cases: [(String, FakeBehaviour)] = [
            ("truncated", base.truncated(afterTokens: 2)),
            ("ended early", base.endingEarly(afterTokens: 2)),
            ("mid-line", base.cut(afterTokens: 2, .midLine)),
            ("before dispatch", base.cut(afterTokens: 2, .beforeDispatch)),
            ("mid-character", base.cut(afterTokens: 2, .midCharacter)),
            ("no terminator", base.withoutTerminator(abrupt: true)),
            ("no terminator, clean end", base.withoutTerminator(abrupt: false)),
        ]
        for (label, behaviour) in cases {
            let (result, _) = await setup.run(behaviour)
            let error = try #require(result.error, "\(dialect) \(label)")
            #expect(error.kind == .incomplete, "\(dialect) \(label)")
            #expect(result.finishedCount == 0, "\(dialect) \(label)")
            let expected = label.hasPrefix("no terminator") ? "alpha beta gamma delta" : "alpha beta"
            #expect(error.partialText == expected, "\(dialect) \(label)")
        }
        #expect(setup.server.requests.count == cases.count)
    }

    @Test("a mid-stream error is .streamError with the partial text, not retried", arguments: Dialect.allCases)
    func midStreamError(dialect: Dialect) async throws {
        let setup = try FakeSetup(dialect)
        defer { setup.server.stop() }
        let (result, _) = await setup.run(.reply("alpha beta gamma").failingMidStream(afterTokens: 1, message: "boom"))
        let error = try #require(result.error)
        #expect(error.kind == .streamError)
        #expect(error.partialText == "alpha")
        #expect(error.message.contains("boom"))
        #expect(setup.server.requests.count == 1)
    }

    @Test("invalid UTF-8 and a giant token are .malformed", arguments: Dialect.allCases)
    func malformed(dialect: Dialect) async throws {
        let setup = try FakeSetup(dialect, settings: testSettings(maxLineBytes: 32 << 10))
        defer { setup.server.stop() }
        let (bad, _) = await setup.run(.reply("alpha beta gamma").injecting(.invalidUTF8(afterTokens: 1)))
        #expect(bad.error?.kind == .malformed)
        #expect(bad.error?.partialText == "alpha")
        let (giant, seconds) = await setup.run(.reply("alpha beta").injecting(.giantToken(afterTokens: 1, bytes: 100_000)).endless())
        #expect(giant.error?.kind == .malformed)
        #expect(seconds < 5)
    }

    @Test("stalls: silence, keep-alives after content, keep-alives only", arguments: Dialect.allCases)
    func stalls(dialect: Dialect) async throws {
        let setup = try FakeSetup(dialect, settings: testSettings(firstByte: 0.8, stall: 0.4))
        defer { setup.server.stop() }
        let (silent, seconds1) = await setup.run(.reply("alpha beta gamma").stalling(afterTokens: 2, for: .untilClientLeaves))
        #expect(silent.error?.kind == .stalled)
        #expect(silent.error?.partialText == "alpha beta")
        #expect(seconds1 < 4)
        let (pinged, seconds2) = await setup.run(.reply("alpha beta gamma")
            .stalling(afterTokens: 2, for: .untilClientLeaves, keepAliveEvery: 0.05))
        #expect(pinged.error?.kind == .stalled)
        #expect(pinged.error?.partialText == "alpha beta")
        #expect(seconds2 < 4)
        let (only, seconds3) = await setup.run(.keepAliveOnly(every: 0.05))
        #expect(only.error?.kind == .firstByteTimeout)
        #expect(seconds3 < 4)
        let (late, _) = await setup.run(.reply("alpha").delayed(head: 3))
        #expect(late.error?.kind == .firstByteTimeout)
        #expect(await setup.server.waitUntilNoOpenConnections(timeout: 5))
    }

    @Test("429 with Retry-After: 1 then success: two requests, a wait of about a second", arguments: Dialect.allCases)
    func retryAfter(dialect: Dialect) async throws {
        let setup = try FakeSetup(dialect)
        defer { setup.server.stop() }
        setup.server.enqueue(.failure(429, retryAfter: .seconds(1)))
        let (result, seconds) = await setup.run(.reply("fine now"))
        #expect(result.completion?.text == "fine now")
        #expect(setup.server.requests.count == 2)
        #expect(seconds >= 0.95 && seconds < 8)
        let gap = setup.server.requests[1].receivedMonotonic - setup.server.requests[0].receivedMonotonic
        #expect(gap >= 0.95)
    }

    @Test("503 twice then success; 503 three times is an error after three requests", arguments: Dialect.allCases)
    func unavailable(dialect: Dialect) async throws {
        let setup = try FakeSetup(dialect)
        defer { setup.server.stop() }
        setup.server.enqueue(.failure(503), times: 2)
        let (ok, _) = await setup.run(.reply("third time"))
        #expect(ok.completion?.text == "third time")
        #expect(setup.server.requests.count == 3)
        setup.server.enqueue(.failure(503), times: 3)
        let (failed, _) = await setup.run()
        #expect(failed.error?.status == 503)
        #expect(failed.error?.kind == .http)
        #expect(setup.server.requests.count == 6)
    }

    @Test("a wrong key is one request, .authentication, and the key is never shown", arguments: [Dialect.openai, .anthropic])
    func wrongKey(dialect: Dialect) async throws {
        let wrong = "sk-wrong-KEY-9876543210zyxw"
        let setup = try FakeSetup(dialect, key: wrong)
        defer { setup.server.stop() }
        let (result, _) = await setup.run()
        let error = try #require(result.error)
        #expect(error.kind == .authentication)
        #expect(setup.server.requests.count == 1)
        #expect(!error.description.contains(wrong))
        #expect(!String(reflecting: error).contains(wrong))
        #expect(error.hint?.contains(dialect == .openai ? "OPENAI_API_KEY" : "ANTHROPIC_API_KEY") == true)
    }

    @Test("an unknown model is .modelNotFound after one request", arguments: Dialect.allCases)
    func unknownModel(dialect: Dialect) async throws {
        let setup = try FakeSetup(dialect)
        defer { setup.server.stop() }
        if dialect == .openai { (setup.server as? FakeOpenAIServer)?.models = ["only-this"] }
        let result = await collect(setup.provider.stream(ChatRequest(model: "nosuch-model", messages: [.user("hi")])))
        #expect(result.error?.kind == .modelNotFound)
        #expect(setup.server.requests.count == 1)
    }

    @Test("cancelling an endless stream closes the server's connection", arguments: Dialect.allCases)
    func cancelEndless(dialect: Dialect) async throws {
        let setup = try FakeSetup(dialect)
        defer { setup.server.stop() }
        setup.server.enqueue(.reply("tick tock").paced(tokensPerSecond: 100).endless())
        let got = ClientSignal()
        let task = Task {
            for try await delta in setup.provider.stream(setup.request) {
                if case .text = delta { got.raise() }
            }
        }
        #expect(await clientsEventually { got.isRaised })
        #expect(setup.server.openConnectionCount == 1)
        task.cancel()
        let start = ContinuousClock.now
        #expect(await setup.server.waitUntilNoOpenConnections(timeout: 5))
        #expect(secondsSince(start) < 1.5)
    }

    @Test("models and probes against the fakes", arguments: Dialect.allCases)
    func modelsAndProbe(dialect: Dialect) async throws {
        let setup = try FakeSetup(dialect)
        defer { setup.server.stop() }
        let models = try await setup.provider.listModels()
        #expect(!models.isEmpty)
        #expect(models.allSatisfy { $0.ref.provider == setup.provider.name && $0.source == .discovered })
        let reach = await setup.provider.probe()
        #expect(reach.isReachable)
        if dialect == .ollama, let ollama = setup.provider as? OllamaProvider {
            #expect(try await ollama.show("llama3.2").contextLength == 131_072)
            #expect(reach.outcome == .ok(detail: "Ollama 0.12.6"))
        }
    }
}
