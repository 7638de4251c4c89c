import Core
import Foundation
import Net
@testable import Providers
import Testing
import TestSupport

@Suite("Clients: OpenAI-compatible")
struct ClientsOpenAITests {
    @Test("streams a reply with usage; sends key, stream_options, max_tokens, response_format")
    func happyPath() async throws {
        let captured = ClientBox<[String]>([])
        let server = try LoopbackHTTPServer { request, writer in
            captured.update {
                $0 = ["\(request.method) \(request.path)", request.header("Authorization") ?? "-",
                      request.header("HTTP-Referer") ?? "-", request.bodyText]
            }
            writer.stream(.openai, [Wire.openAIRole, ": keep-alive comment\n\n"] + Dialect.openai.reply(["Hel", "lo"]).dropFirst())
        }
        defer { server.stop() }
        let provider = try OpenAICompatibleProvider(name: "local", baseURL: server.baseURL + "/v1/", apiKey: "sk-abc-123456",
                                                    settings: testSettings())
        #expect(provider.baseURL == server.baseURL + "/v1")
        let request = ChatRequest(model: "gpt-x", messages: [.system("S"), .user("U")], temperature: 0.2, maxTokens: 50,
                                  jsonMode: true, seed: 7)
        let result = await collect(provider.stream(request))
        #expect(result.error == nil)
        let completion = try #require(result.completion)
        #expect(completion.text == "Hello")
        #expect(completion.usage == Usage(inputTokens: 12, outputTokens: 3))
        #expect(completion.finishReason == "stop")
        let ttft = try #require(completion.timeToFirstToken)
        #expect(ttft > 0 && ttft <= completion.latency && completion.latency < 5)

        let (line, auth, referer, body) = (captured.current[0], captured.current[1], captured.current[2], captured.current[3])
        #expect(line == "POST /v1/chat/completions")
        #expect(auth == "Bearer sk-abc-123456")
        #expect(referer == "-")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
        #expect(json["stream"] as? Bool == true)
        #expect((json["stream_options"] as? [String: Any])?["include_usage"] as? Bool == true)
        #expect(json["max_tokens"] as? Int == 50)
        #expect(json["temperature"] as? Double == 0.2)
        #expect(json["seed"] as? Int == 7)
        #expect((json["response_format"] as? [String: Any])?["type"] as? String == "json_object")
        #expect((json["messages"] as? [[String: Any]])?.map { $0["role"] as? String } == ["system", "user"])
    }

    @Test("no key: no Authorization header; no usage: an estimate marked as such")
    func noKeyNoUsage() async throws {
        let auth = ClientBox<String?>("unset")
        let server = try LoopbackHTTPServer { request, writer in
            auth.update { $0 = request.header("Authorization") }
            writer.stream(.openai, [Wire.openAIRole, Wire.openAIChunk("Hello there"),
                                    "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n",
                                    "data: [DONE]\n\n"])
        }
        defer { server.stop() }
        let provider = try OpenAICompatibleProvider(name: "local", baseURL: server.baseURL + "/v1", settings: testSettings())
        let result = await collect(provider.stream(sampleRequest))
        let completion = try #require(result.completion)
        #expect(auth.current == nil)
        #expect(completion.usage.estimated)
        #expect(completion.usage.outputTokens > 0 && completion.usage.inputTokens == sampleRequest.estimatedInputTokens)
    }

    @Test("the recorded llama.cpp stream decodes end to end")
    func recordedStream() async throws {
        let recorded = try [UInt8](Fixtures.data("llamacpp-chat-stream.sse"))
        let server = try LoopbackHTTPServer { _, writer in
            writer.writeHead(status: 200, headers: [("Content-Type", "text/event-stream")], mode: .chunked)
            var index = 0
            while index < recorded.count {   // 37-byte writes cut events anywhere
                writer.write(Array(recorded[index..<min(index + 37, recorded.count)]))
                index += 37
            }
        }
        defer { server.stop() }
        let provider = try OpenAICompatibleProvider(name: "local", baseURL: server.baseURL + "/v1", settings: testSettings())
        let result = await collect(provider.stream(sampleRequest))
        let completion = try #require(result.completion)
        #expect(!completion.text.isEmpty)
        #expect(completion.text == result.text)
        #expect(completion.usage.estimated)
    }

    @Test("OpenRouter requests carry HTTP-Referer and X-Title")
    func openRouterHeaders() async throws {
        let headers = ClientBox<[String]>([])
        let server = try LoopbackHTTPServer { request, writer in
            headers.update { $0 = [request.header("HTTP-Referer") ?? "-", request.header("X-Title") ?? "-"] }
            writer.stream(.openai, Dialect.openai.reply(["x"]))
        }
        defer { server.stop() }
        let provider = try OpenAICompatibleProvider(name: "openrouter", baseURL: server.baseURL + "/api/v1", apiKey: "or-key-99999",
                                                    settings: testSettings())
        _ = await collect(provider.stream(sampleRequest))
        #expect(headers.current == [OpenAICompatibleProvider.openRouterReferer, "Atelier"])
    }

    @Test("listModels reads /models: plain entries, OpenRouter pricing, loopback is free; probe counts")
    func listModels() async throws {
        let server = try LoopbackHTTPServer { request, writer in
            #expect(request.path == "/v1/models")
            writer.respond(status: 200, json: """
                {"object":"list","data":[{"id":"gemma-3-270m","object":"model","owned_by":"me"},
                {"id":"google/gemini-2.5-flash","name":"Gemini 2.5 Flash","context_length":1048576,
                 "pricing":{"prompt":"0.0000003","completion":"0.0000025"},
                 "architecture":{"input_modalities":["text","image"]}},{"object":"model"}]}
                """)
        }
        defer { server.stop() }
        let provider = try OpenAICompatibleProvider(name: "local", baseURL: server.baseURL + "/v1", settings: testSettings())
        let models = try await provider.listModels()
        #expect(models.map(\.ref.description) == ["local:gemma-3-270m", "local:google/gemini-2.5-flash"])
        #expect(models[0].pricePer1kInput == 0)
        #expect(models[1].displayName == "Gemini 2.5 Flash")
        #expect(models[1].contextWindow == 1_048_576)
        #expect(abs((models[1].pricePer1kInput ?? 0) - 0.0003) < 1e-12)
        #expect(abs((models[1].pricePer1kOutput ?? 0) - 0.0025) < 1e-12)
        #expect(models[1].capabilities.vision)
        #expect(models.allSatisfy { $0.source == .discovered })
        let reach = await provider.probe()
        #expect(reach.outcome == .ok(detail: "2 models"))
        #expect(reach.isReachable)
    }
}
