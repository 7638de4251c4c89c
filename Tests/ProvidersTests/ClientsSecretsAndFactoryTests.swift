import Core
import Foundation
import Net
@testable import Providers
import Testing
import TestSupport

@Suite("Clients: secrets, factory, probes, settings")
struct ClientsSecretsAndFactoryTests {
    static let key = "sk-live-TOPSECRET-abcdef0123456789"

    @Test("the key never appears in any error, even when a server echoes it", arguments: [Dialect.openai, .anthropic])
    func keyNeverShown(dialect: Dialect) async throws {
        let key = Self.key
        let mode = ClientBox(0)
        let server = try LoopbackHTTPServer { request, writer in
            switch mode.current {
            case 0:
                writer.respond(status: 401, json: "{\"error\":{\"message\":\"Incorrect API key provided: \(key)\",\"type\":\"\(key)\"}}")
            case 1:
                writer.stream(dialect, [dialect.preamble, dialect.piece("Hi")].filter { !$0.isEmpty })
                let echo = dialect == .openai
                    ? "data: {\"error\":{\"message\":\"bad key \(key)\",\"type\":\"server_error\"}}\n\n"
                    : "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"bad key \(key)\"}}\n\n"
                writer.write(echo)
            default:
                writer.respond(status: 500, json: "{\"error\":{\"message\":\"upstream said \(key)\"}}")
            }
        }
        defer { server.stop() }
        let provider = try dialect.provider(server.baseURL, settings: testSettings(retries: 0), key: key)
        var errors: [ProviderError] = []
        for index in 0..<3 {
            mode.update { $0 = index }
            let result = await collect(provider.stream(sampleRequest))
            errors.append(try #require(result.error))
        }
        do {
            _ = try await provider.listModels()
        } catch let error as ProviderError {
            errors.append(error)
        }
        let refused = try dialect.provider("http://127.0.0.1:\(try unusedLoopbackPort())", settings: testSettings(retries: 0), key: key)
        errors.append(try #require(await collect(refused.stream(sampleRequest)).error))
        errors.append(try #require(await refused.probe().error))
        #expect(errors.count == 6)
        #expect(errors[0].kind == .authentication && errors[1].kind == .streamError && errors[2].kind == .http)
        for error in errors {
            #expect(!error.description.contains(key))
            #expect(!String(reflecting: error).contains(key))
            #expect(!"\(error.message) \(error.hint ?? "") \(error.url ?? "")".contains(key))
        }
        #expect(errors[0].message.contains("[redacted]"))
        #expect(!String(describing: provider).contains(key))
        var dumped = ""
        dump(provider, to: &dumped)
        #expect(!dumped.contains(key))
    }

    @Test("a required key that is missing fails at once, naming the variable")
    func requiredKey() async throws {
        let server = try LoopbackHTTPServer { _, writer in writer.stream(.openai, Dialect.openai.reply(["x"])) }
        defer { server.stop() }
        let factory = ProviderFactory(settings: testSettings())
        let provider = try factory.make(name: "openai", kind: .openAICompatible, baseURL: server.baseURL + "/v1", keyRequired: true)
        let error = try #require(await collect(provider.stream(sampleRequest)).error)
        #expect(error.kind == .configuration)
        #expect(error.hint?.contains("OPENAI_API_KEY") == true)
        #expect((await provider.probe()).error?.kind == .configuration)
        await #expect(throws: ProviderError.self) { try await provider.listModels() }
        #expect(server.requestCount == 0)
    }

    @Test("the factory builds each kind with defaults, and refuses bad names and URLs")
    func factoryKinds() throws {
        let factory = ProviderFactory()
        let ollama = try factory.make(name: "ollama", kind: .ollama)
        #expect(ollama is OllamaProvider && ollama.baseURL == "http://127.0.0.1:11434" && ollama.kind == .ollama)
        let openRouter = try factory.make(name: "openrouter", kind: .openAICompatible, apiKey: "k-12345")
        #expect(openRouter is OpenAICompatibleProvider && openRouter.baseURL == "https://openrouter.ai/api/v1")
        let anthropic = try factory.make(name: "anthropic", kind: .anthropic, apiKey: "k-12345")
        #expect(anthropic is AnthropicProvider && anthropic.baseURL == "https://api.anthropic.com")
        let local = try factory.make(name: "local", kind: .openAICompatible)
        #expect(local.baseURL == "http://127.0.0.1:8080/v1")
        let custom = try factory.make(name: "vllm", kind: .openAICompatible, baseURL: "http://gpu:8000/v1/")
        #expect(custom.baseURL == "http://gpu:8000/v1" && custom.name == "vllm")
        for bad in ["ftp://x", "not a url", "http://", "/v1"] {
            #expect(throws: ProviderError.self) { try factory.make(name: "x", kind: .openAICompatible, baseURL: bad) }
        }
        #expect(throws: ProviderError.self) { try factory.make(name: "", kind: .ollama) }
        #expect(throws: ProviderError.self) { try factory.make(name: "a:b", kind: .ollama) }
        let withUser = try factory.make(name: "x", kind: .ollama, baseURL: "http://user:pw-secret@host:11434")
        #expect(!withUser.baseURL.contains("pw-secret"))
        #expect(factory.limiter(for: "ollama", limit: 9) === factory.limiter(for: "ollama", limit: 1))
    }

    @Test("the factory takes a resolved provider: timeouts, concurrency, key variable")
    func factoryResolved() async throws {
        let server = try LoopbackHTTPServer { _, writer in
            writer.stream(.openai, [Wire.openAIRole])
            _ = writer.sleep(seconds: 10)
        }
        defer { server.stop() }
        let resolved = ResolvedProvider(name: "Work", kind: .openAICompatible, baseURL: server.baseURL + "/v1",
                                        key: KeySource(environmentVariable: "WORK_KEY", required: true), maxConcurrent: 3,
                                        timeouts: Timeouts(connect: 1, firstByte: 0.4, stall: 0.3, request: 30), isLocal: true)
        let factory = ProviderFactory()
        let missing = try factory.make(resolved, apiKey: nil)
        #expect(await collect(missing.stream(sampleRequest)).error?.hint?.contains("WORK_KEY") == true)
        let provider = try factory.make(resolved, apiKey: Secret("w-123456"))
        let start = ContinuousClock.now
        #expect(await collect(provider.stream(sampleRequest)).error?.kind == .firstByteTimeout)
        #expect(secondsSince(start) < 4)
        #expect(factory.limiter(for: "Work", limit: 1).limit == 3)
    }

    @Test("the whole-request limit ends a slow but steady reply")
    func requestLimit() async throws {
        let server = try LoopbackHTTPServer { _, writer in
            writer.stream(.ollama, [])
            for index in 0..<200 {
                guard writer.write(Wire.ollamaLine("t\(index) ")), writer.sleep(seconds: 0.05) else { break }
            }
        }
        defer { server.stop() }
        var settings = testSettings(stall: 0.5)
        settings.requestTimeout = 0.6
        let provider = try OllamaProvider(baseURL: server.baseURL, settings: settings)
        let start = ContinuousClock.now
        let result = await collect(provider.stream(sampleRequest))
        let error = try #require(result.error)
        #expect(error.kind == .stalled)
        #expect(error.message.contains("request limit"))
        #expect(!error.partialText.isEmpty && error.partialText == result.text)
        #expect(secondsSince(start) < 4)
    }

    @Test("probes: ok, refused quickly, a black hole within the probe limit, a silent server")
    func probes() async throws {
        let factory = ProviderFactory(settings: testSettings())
        let server = try LoopbackHTTPServer { request, writer in
            if request.path == "/api/version" { writer.respond(status: 200, json: #"{"version":"0.9.0"}"#) } else {
                writer.writeHead(status: 200, headers: [("Content-Type", "application/json")], mode: .chunked)
                _ = writer.sleep(seconds: 10)
            }
        }
        defer { server.stop() }
        let hole = try LoopbackHTTPServer.blackHole()
        defer { hole.close() }
        let port = try unusedLoopbackPort()
        let providers: [any ChatProvider] = [
            try factory.make(name: "ollama", kind: .ollama, baseURL: server.baseURL),
            try factory.make(name: "down", kind: .ollama, baseURL: "http://127.0.0.1:\(port)"),
            try factory.make(name: "hole", kind: .openAICompatible, baseURL: hole.url + "v1"),
            try factory.make(name: "silent", kind: .openAICompatible, baseURL: server.baseURL + "/v1"),
        ]
        let start = ContinuousClock.now
        let results = await factory.probeAll(providers)
        #expect(secondsSince(start) < 10)
        #expect(results.map(\.provider) == ["ollama", "down", "hole", "silent"])
        #expect(results[0].outcome == .ok(detail: "Ollama 0.9.0"))
        #expect(results[1].error?.kind == .unreachable)
        #expect(results[1].error?.hint?.contains("ollama serve") == true)
        #expect(results[1].elapsed < 2.5, "refused is reported before the 3 s probe connect timeout")
        #expect(results[2].error?.kind == .unreachable)
        #expect(results[3].error?.kind == .firstByteTimeout)
        #expect(results[3].elapsed >= 1 && results[3].elapsed < 8)
    }

    @Test("request bodies are valid JSON with escapes", arguments: [
        "plain", "quote \" backslash \\ slash /", "line\nfeed\ttab\r", "\u{01}\u{1F}", "café ☕ 海 🌊",
    ])
    func jsonEscaping(text: String) throws {
        let value = JSONValue.object(dropping: [("t", .string(text)), ("n", .double(0.7)), ("i", .int(-3)), ("z", nil),
                                                ("d", .double(2)), ("x", .double(.nan)), ("a", .array([.bool(true), .null]))])
        let bytes = value.encoded()
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        #expect(parsed["t"] as? String == text)
        #expect(parsed["n"] as? Double == 0.7)
        #expect(parsed["i"] as? Int == -3)
        #expect(parsed["d"] as? Int == 2)
        #expect(parsed["z"] == nil)
        #expect(parsed["x"] is NSNull)
        #expect(String(decoding: bytes, as: UTF8.self).hasPrefix("{\"t\":"))
    }
}
