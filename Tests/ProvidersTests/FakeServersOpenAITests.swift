import Foundation
import TestSupport
import Testing

extension FakeServersSerial {
@Suite struct FakeServersOpenAITests {
    static func chatBody(model: String = "gpt-4o-mini", stream: Bool = true, usage: Bool = false, extra: String = "") -> String {
        let options = usage ? #","stream_options":{"include_usage":true}"# : ""
        return #"{"model":"\#(model)","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hi"}],"stream":\#(stream)\#(options)\#(extra)}"#
    }

    static let path = "/v1/chat/completions"

    @Test func streamHasRoleContentFinishUsageAndDone() throws {
        let server = try FakeOpenAIServer(defaultBehaviour: .reply("Hel lo", tokens: 2))
        #expect(server.baseURL.hasSuffix("/v1"))
        let response = try RawHTTP.post(port: server.port, Self.path, json: Self.chatBody(usage: true))
        #expect(response.status == 200)
        #expect(response.header("content-type")?.hasPrefix("text/event-stream") == true)
        #expect(response.complete)
        #expect(response.text.hasSuffix("}\n\ndata: [DONE]\n\n"))
        let events = RawHTTP.sseEvents(response.body)
        #expect(events.allSatisfy { $0.count == 1 && $0[0].hasPrefix("data: ") })
        #expect(events.last == ["data: [DONE]"])
        let chunks = RawHTTP.sseData(response.body)
        #expect(chunks.count == 5)   // role, 2 content, finish, usage
        #expect(Set(chunks.compactMap { $0["id"]?.string }).count == 1)
        #expect(chunks[0]["choices"]?[0]?["delta"]?["role"]?.string == "assistant")
        #expect(chunks[1]["choices"]?[0]?["delta"] == .object(["content": .string("Hel")]))
        #expect(chunks[2]["choices"]?[0]?["delta"] == .object(["content": .string(" lo")]))
        #expect(chunks[3]["choices"]?[0]?["delta"] == .object([:]))
        #expect(chunks[3]["choices"]?[0]?["finish_reason"]?.string == "stop")
        #expect(chunks[..<4].allSatisfy { $0["usage"] == .null })
        #expect(chunks[4]["choices"] == .array([]))
        #expect(chunks[4]["usage"]?["completion_tokens"]?.int == 2)
        #expect(chunks[4]["usage"]?["total_tokens"]?.int == (chunks[4]["usage"]?["prompt_tokens"]?.int ?? 0) + 2)
    }

    @Test func noUsageChunkUnlessAskedAndNonStreamReply() throws {
        let server = try FakeOpenAIServer(defaultBehaviour: .reply("Hi there"))
        let plain = try RawHTTP.post(port: server.port, Self.path, json: Self.chatBody())
        let chunks = RawHTTP.sseData(plain.body)
        #expect(chunks.count == 4)
        #expect(chunks.allSatisfy { $0["usage"] == nil })

        let whole = try RawHTTP.post(port: server.port, Self.path, json: Self.chatBody(stream: false))
        #expect(whole.header("content-type") == "application/json")
        #expect(whole.json?["object"]?.string == "chat.completion")
        #expect(whole.json?["choices"]?[0]?["message"]?["content"]?.string == "Hi there")
        #expect(whole.json?["choices"]?[0]?["finish_reason"]?.string == "stop")
        #expect(whole.json?["usage"]?["completion_tokens"]?.int == 2)
    }

    @Test func modelsAuthAndUnknownModel() throws {
        let server = try FakeOpenAIServer(apiKey: "sk-test")
        let anonymous = try RawHTTP.request(port: server.port, "GET", "/v1/models")
        #expect(anonymous.status == 401)
        #expect(anonymous.json?["error"]?["code"]?.string == "invalid_api_key")
        #expect(anonymous.json?["error"]?["type"]?.string == "invalid_request_error")
        #expect(anonymous.json?["error"]?["param"] == .null)
        let auth = [("Authorization", "Bearer sk-test")]
        let models = try RawHTTP.request(port: server.port, "GET", "/v1/models", headers: auth)
        #expect(models.json?["object"]?.string == "list")
        #expect(models.json?["data"]?.array?.compactMap { $0["id"]?.string } == ["gpt-4o-mini", "gpt-4.1"])
        let unknown = try RawHTTP.post(port: server.port, Self.path, json: Self.chatBody(model: "gpt-9"), headers: auth)
        #expect(unknown.status == 404)
        #expect(unknown.json?["error"]?["code"]?.string == "model_not_found")
        #expect(unknown.json?["error"]?["message"]?.string == "The model `gpt-9` does not exist or you do not have access to it.")
        let wrongKey = try RawHTTP.post(port: server.port, Self.path, json: Self.chatBody(),
                                        headers: [("Authorization", "Bearer nope")])
        #expect(wrongKey.status == 401)
        #expect(!wrongKey.text.contains("nope"))
    }

    @Test func errorShapesPerFlavour() throws {
        let openAI = try FakeOpenAIServer()
        openAI.enqueue(.failure(500))
        let stringCode = try RawHTTP.post(port: openAI.port, Self.path, json: Self.chatBody())
        #expect(stringCode.status == 500)
        #expect(stringCode.json?["error"]?["type"]?.string == "server_error")
        #expect(stringCode.json?["error"]?.keys == ["code", "message", "param", "type"])

        let router = try FakeOpenAIServer(flavour: .openRouter)
        router.enqueue(.failure(502))
        let numeric = try RawHTTP.post(port: router.port, Self.path, json: Self.chatBody(model: "openai/gpt-4o-mini"))
        #expect(numeric.status == 502)
        #expect(numeric.json?["error"]?["code"]?.int == 502)
        let badModel = try RawHTTP.post(port: router.port, Self.path, json: Self.chatBody(model: "no/such"))
        #expect(badModel.status == 400)
        #expect(badModel.json?["error"]?["code"]?.int == 400)

        let llama = try FakeOpenAIServer(flavour: .llamaCpp)
        llama.enqueue(.failure(503))
        let loading = try RawHTTP.post(port: llama.port, Self.path, json: Self.chatBody())
        #expect(loading.json?["error"]?["code"]?.int == 503)
        #expect(loading.json?["error"]?["type"]?.string == "unavailable_error")
        // The recorded llama.cpp answer to a malformed body: 500, code null.
        let malformed = try RawHTTP.post(port: llama.port, Self.path, json: #"{"model":"m","messages":"bad"}"#)
        let recorded = try #require(FakeJSON.parse(Array(try Fixtures.data("llamacpp-error-500.json"))))
        #expect(malformed.status == 500)
        #expect(malformed.json?["error"]?.keys == recorded["error"]?.keys)
        #expect(malformed.json?["error"]?["type"] == recorded["error"]?["type"])
        #expect(malformed.json?["error"]?["code"] == .null)
        #expect(malformed.json?["error"]?["message"]?.string?.contains("Input should be a valid list") == true)
    }

    @Test func midStreamErrorEvents() throws {
        let openAI = try FakeOpenAIServer(defaultBehaviour: .generated(tokens: 6).failingMidStream(afterTokens: 2))
        let response = try RawHTTP.post(port: openAI.port, Self.path, json: Self.chatBody())
        #expect(response.status == 200)
        let chunks = RawHTTP.sseData(response.body)
        #expect(chunks.count == 4)   // role, 2 content, error
        #expect(chunks[3]["error"]?["type"]?.string == "server_error")
        #expect(!response.text.contains("[DONE]"))

        let router = try FakeOpenAIServer(flavour: .openRouter,
                                          defaultBehaviour: .generated(tokens: 6).failingMidStream(afterTokens: 1, message: "upstream died"))
        let routed = try RawHTTP.post(port: router.port, Self.path, json: Self.chatBody(model: "openai/gpt-4o-mini"))
        #expect(routed.text.hasPrefix(": OPENROUTER PROCESSING\n\n"))
        let last = try #require(RawHTTP.sseData(routed.body).last)
        #expect(last["error"]?["code"]?.int == 502)
        #expect(last["error"]?["message"]?.string == "upstream died")
        #expect(last["choices"]?[0]?["finish_reason"]?.string == "error")
    }

    @Test func reasoningCommentsAndLineEndings() throws {
        let server = try FakeOpenAIServer(flavour: .llamaCpp)
        server.enqueue(.reply("Yes.").thinking("Hmm, well"))
        let thinking = try RawHTTP.post(port: server.port, Self.path, json: Self.chatBody())
        let chunks = RawHTTP.sseData(thinking.body)
        #expect(chunks.compactMap { $0["choices"]?[0]?["delta"]?["reasoning_content"]?.string }.joined() == "Hmm, well")
        #expect(chunks.compactMap { $0["choices"]?[0]?["delta"]?["content"]?.string }.joined() == "Yes.")

        server.enqueue(.generated(tokens: 4).comments(every: 2))
        let commented = try RawHTTP.post(port: server.port, Self.path, json: Self.chatBody())
        #expect(RawHTTP.sseEvents(commented.body).filter { $0 == [": ping"] }.count == 2)

        server.enqueue(.reply("a b").lineEndings(.crlf))
        let crlf = try RawHTTP.post(port: server.port, Self.path, json: Self.chatBody())
        #expect(crlf.text.hasSuffix("data: [DONE]\r\n\r\n"))
        #expect(!crlf.body.enumerated().contains { $0.element == 10 && ($0.offset == 0 || crlf.body[$0.offset - 1] != 13) })

        server.enqueue(.reply("a b").lineEndings(.cr))
        let cr = try RawHTTP.post(port: server.port, Self.path, json: Self.chatBody())
        #expect(!cr.body.contains(10))
        #expect(cr.text.hasSuffix("data: [DONE]\r\r"))
        #expect(RawHTTP.sseData(cr.body).compactMap { $0["choices"]?[0]?["delta"]?["content"]?.string }.joined() == "a b")
    }
}
}
