import Core
import Foundation
import Net
@testable import Providers
import Testing
import TestSupport

@Suite("Clients: Anthropic")
struct ClientsAnthropicTests {
    @Test("streams a reply; sends x-api-key, version, system, default max_tokens; pings are skipped")
    func happyPath() async throws {
        let captured = ClientBox<[String]>([])
        let server = try LoopbackHTTPServer { request, writer in
            captured.update {
                $0 = ["\(request.method) \(request.path)", request.header("x-api-key") ?? "-",
                      request.header("anthropic-version") ?? "-", request.header("Authorization") ?? "-", request.bodyText]
            }
            writer.stream(.anthropic, [Wire.anthropicStart(input: 11), Wire.anthropicPing, Wire.anthropicText("Hello"),
                                       Wire.anthropicText(" there!"), Wire.anthropicEnd(output: 6)])
        }
        defer { server.stop() }
        let provider = try AnthropicProvider(baseURL: server.baseURL, apiKey: "sk-ant-secret-0001", settings: testSettings())
        let request = ChatRequest(model: "claude-x", messages: [.system("One."), .user("Hi"), .system("Two."), .assistant("A"),
                                                                 .user("B")], temperature: 0.3, jsonMode: true, seed: 3)
        let result = await collect(provider.stream(request))
        #expect(result.error == nil)
        let completion = try #require(result.completion)
        // Pieces that arrive in one read are handed on joined: compare the text, not the cuts.
        #expect(merged(Array(result.deltas.dropLast())) == [.text("Hello there!")])
        #expect(completion.text == "Hello there!")
        #expect(completion.usage == Usage(inputTokens: 11, outputTokens: 6))
        #expect(completion.finishReason == "end_turn")
        let ttft = try #require(completion.timeToFirstToken)
        #expect(ttft > 0 && ttft <= completion.latency && completion.latency < 5)

        let values = captured.current
        #expect(values[0] == "POST /v1/messages")
        #expect(values[1] == "sk-ant-secret-0001")
        #expect(values[2] == "2023-06-01")
        #expect(values[3] == "-")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(values[4].utf8)) as? [String: Any])
        #expect(json["max_tokens"] as? Int == 4096)
        #expect(json["system"] as? String == "One.\n\nTwo.")
        #expect(json["stream"] as? Bool == true)
        #expect(json["temperature"] as? Double == 0.3)
        #expect(json["seed"] == nil && json["response_format"] == nil)
        let roles = (json["messages"] as? [[String: Any]])?.map { $0["role"] as? String }
        #expect(roles == ["user", "assistant", "user"])
    }

    @Test("max_tokens from the request; a base ending in /v1 is not doubled")
    func maxTokensAndBase() async throws {
        let captured = ClientBox<[String]>([])
        let server = try LoopbackHTTPServer { request, writer in
            captured.update { $0 = [request.path, request.bodyText] }
            writer.stream(.anthropic, Dialect.anthropic.reply(["ok"]))
        }
        defer { server.stop() }
        let provider = try AnthropicProvider(baseURL: server.baseURL + "/v1", apiKey: "k-000000", settings: testSettings())
        _ = await collect(provider.stream(ChatRequest(model: "c", messages: [.user("x")], maxTokens: 77)))
        #expect(captured.current[0] == "/v1/messages")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(captured.current[1].utf8)) as? [String: Any])
        #expect(json["max_tokens"] as? Int == 77)
        #expect(json["system"] == nil)
    }

    @Test("listModels follows has_more/last_id; probe needs a key")
    func listModels() async throws {
        let queries = ClientBox<[String]>([])
        let server = try LoopbackHTTPServer { request, writer in
            queries.update { $0.append(request.target) }
            guard request.header("x-api-key") == "k-123456" else {
                writer.respond(status: 401, json: #"{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}"#)
                return
            }
            if request.query["after_id"] == "claude-b" {
                writer.respond(status: 200, json: #"{"data":[{"type":"model","id":"claude-c","display_name":"Claude C"}],"has_more":false,"last_id":"claude-c"}"#)
            } else {
                writer.respond(status: 200, json: """
                    {"data":[{"type":"model","id":"claude-a","display_name":"Claude A"},{"type":"model","id":"claude-b","display_name":""}],
                    "has_more":true,"first_id":"claude-a","last_id":"claude-b"}
                    """)
            }
        }
        defer { server.stop() }
        let provider = try AnthropicProvider(name: "anthropic", baseURL: server.baseURL, apiKey: "k-123456", settings: testSettings())
        let models = try await provider.listModels()
        #expect(models.map(\.ref.model) == ["claude-a", "claude-b", "claude-c"])
        #expect(models.map(\.displayName) == ["Claude A", "claude-b", "Claude C"])
        #expect(queries.current.first == "/v1/models?limit=1000")
        #expect(queries.current.count == 2)
        #expect((await provider.probe()).isReachable)

        let keyless = try AnthropicProvider(baseURL: server.baseURL, apiKey: nil, settings: testSettings())
        let reach = await keyless.probe()
        #expect(reach.error?.kind == .configuration)
        #expect(reach.error?.hint?.contains("ANTHROPIC_API_KEY") == true)
        let wrong = try AnthropicProvider(baseURL: server.baseURL, apiKey: "wrong-key-1", settings: testSettings())
        let refused = await wrong.probe()
        #expect(refused.error?.kind == .authentication)
        #expect(refused.error?.description.contains("wrong-key-1") == false)
    }
}
