import Core
import Foundation
import Net
@testable import Providers
import Testing
import TestSupport

@Suite("Clients: Ollama")
struct ClientsOllamaTests {
    @Test("streams a reply: text, usage, finish reason, timings")
    func happyPath() async throws {
        let path = ClientBox("")
        let server = try LoopbackHTTPServer { request, writer in
            path.update { $0 = "\(request.method) \(request.path)" }
            writer.stream(.ollama, Dialect.ollama.reply(["Hel", "lo", " wörld"]))
        }
        defer { server.stop() }
        let provider = try OllamaProvider(baseURL: server.baseURL, settings: testSettings())
        let request = ChatRequest(model: "llama3.2", messages: [.system("S"), .user("U")], temperature: 0.5,
                                  maxTokens: 100, jsonMode: true, seed: 42)
        let result = await collect(provider.stream(request))
        #expect(result.error == nil)
        // Pieces that arrive in one read are handed on joined: compare the text, not the cuts.
        #expect(merged(Array(result.deltas.dropLast())) == [.text("Hello wörld")])
        #expect(result.finishedCount == 1)
        let completion = try #require(result.completion)
        #expect(completion.text == "Hello wörld")
        #expect(completion.usage == Usage(inputTokens: 7, outputTokens: 3))
        #expect(completion.finishReason == "stop")
        let ttft = try #require(completion.timeToFirstToken)
        #expect(ttft > 0 && ttft <= completion.latency)
        #expect(completion.latency < 5)
        #expect(path.current == "POST /api/chat")
    }

    @Test("the request body has stream, messages, options and format")
    func requestBody() async throws {
        let captured = ClientBox("")
        let server = try LoopbackHTTPServer { request, writer in
            captured.update { $0 = request.bodyText }
            writer.stream(.ollama, Dialect.ollama.reply(["ok"]))
        }
        defer { server.stop() }
        let provider = try OllamaProvider(baseURL: server.baseURL, settings: testSettings())
        let request = ChatRequest(model: "llama3.2", messages: [.system("S"), .user("U \"q\"\n")], temperature: 0.5,
                                  maxTokens: 100, jsonMode: true, seed: 42)
        _ = await collect(provider.stream(request))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(captured.current.utf8)) as? [String: Any])
        #expect(json["model"] as? String == "llama3.2")
        #expect(json["stream"] as? Bool == true)
        #expect(json["format"] as? String == "json")
        let options = try #require(json["options"] as? [String: Any])
        #expect(options["temperature"] as? Double == 0.5)
        #expect(options["num_predict"] as? Int == 100)
        #expect(options["seed"] as? Int == 42)
        let messages = try #require(json["messages"] as? [[String: Any]])
        #expect(messages.map { $0["role"] as? String } == ["system", "user"])
        #expect(messages.last?["content"] as? String == "U \"q\"\n")

        _ = await collect(provider.stream(ChatRequest(model: "m", messages: [.user("x")])))
        let plain = try #require(try JSONSerialization.jsonObject(with: Data(captured.current.utf8)) as? [String: Any])
        #expect(plain["options"] == nil)
        #expect(plain["format"] == nil)
    }

    @Test("listModels reads /api/tags; show reads the context window; version")
    func metadata() async throws {
        let server = try LoopbackHTTPServer { request, writer in
            switch request.path {
            case "/api/tags":
                writer.respond(status: 200, json: """
                    {"models":[{"name":"llama3.2:latest","model":"llama3.2:latest","size":2019393189,
                    "details":{"family":"llama","parameter_size":"3.2B","quantization_level":"Q4_K_M"}},
                    {"name":"llava:7b","details":{},"capabilities":["completion","vision"]},{"nameless":true}]}
                    """)
            case "/api/show":
                let model = (request.jsonBody() as? [String: Any])?["model"] as? String
                if model == "nosuch" {
                    writer.respond(status: 404, json: #"{"error":"model 'nosuch' not found"}"#)
                } else {
                    writer.respond(status: 200, json: """
                        {"details":{"family":"llama","parameter_size":"3.2B"},"capabilities":["completion","tools"],
                        "model_info":{"general.architecture":"llama","llama.context_length":131072,"llama.embedding_length":3072}}
                        """)
                }
            case "/api/version":
                writer.respond(status: 200, json: #"{"version":"0.12.3"}"#)
            default:
                writer.respond(status: 404, json: #"{"error":"not found"}"#)
            }
        }
        defer { server.stop() }
        let provider = try OllamaProvider(name: "gpu", baseURL: server.baseURL, settings: testSettings())
        let models = try await provider.listModels()
        #expect(models.map(\.ref.description) == ["gpu:llama3.2:latest", "gpu:llava:7b"])
        #expect(models[0].displayName == "llama3.2:latest (3.2B, llama)")
        #expect(models[0].source == .discovered)
        #expect(models[0].pricePer1kInput == 0 && models[0].pricePer1kOutput == 0)
        #expect(models[1].capabilities.vision)
        let local = try await provider.localModels()
        #expect(local[0].quantization == "Q4_K_M" && local[0].sizeBytes == 2_019_393_189)

        let details = try await provider.show("llama3.2")
        #expect(details.contextLength == 131_072)
        #expect(details.capabilities == ["completion", "tools"])
        #expect(details.apply(to: models[0]).contextWindow == 131_072)
        await #expect(throws: ProviderError.self) { try await provider.show("nosuch") }
        do {
            _ = try await provider.show("nosuch")
        } catch {
            #expect(error.kind == .modelNotFound)
        }
        #expect(try await provider.version() == "0.12.3")
        let reach = await provider.probe()
        #expect(reach.outcome == .ok(detail: "Ollama 0.12.3"))
        #expect(reach.url == server.baseURL + "/api/version")
    }
}
