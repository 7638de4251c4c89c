import Foundation
import TestSupport
import Testing

extension FakeServersSerial {
@Suite struct FakeServersAnthropicTests {
    static let headers = [("x-api-key", "sk-ant-test"), ("anthropic-version", "2023-06-01")]

    static func body(model: String = "claude-sonnet-4-5", stream: Bool = true, maxTokens: Int? = 256) -> String {
        let limit = maxTokens.map { #""max_tokens":\#($0),"# } ?? ""
        return #"{"model":"\#(model)",\#(limit)"system":"You are Luna.","messages":[{"role":"user","content":[{"type":"text","text":"Paint"}]}],"stream":\#(stream)}"#
    }

    static func post(_ server: FakeAnthropicServer, _ body: String = body(),
                     headers: [(String, String)] = headers) throws -> RawResponse {
        try RawHTTP.post(port: server.port, "/v1/messages", json: body, headers: headers)
    }

    /// `(event name, data JSON)` of each SSE event.
    static func namedEvents(_ response: RawResponse) -> [(String, FakeJSON?)] {
        RawHTTP.sseEvents(response.body).map { lines in
            let name = lines.first { $0.hasPrefix("event: ") }.map { String($0.dropFirst(7)) } ?? ""
            let data = lines.first { $0.hasPrefix("data: ") }.flatMap { FakeJSON.parse(String($0.dropFirst(6))) }
            return (name, data)
        }
    }

    @Test func requiresKeyVersionAndMaxTokens() throws {
        let server = try FakeAnthropicServer(apiKey: "sk-ant-test")
        let noKey = try Self.post(server, headers: [("anthropic-version", "2023-06-01")])
        #expect(noKey.status == 401)
        #expect(noKey.json?["type"]?.string == "error")
        #expect(noKey.json?["error"]?["type"]?.string == "authentication_error")
        #expect(noKey.json?["request_id"]?.string == noKey.header("request-id"))
        let wrongKey = try Self.post(server, headers: [("x-api-key", "nope"), ("anthropic-version", "2023-06-01")])
        #expect(wrongKey.status == 401)
        let noVersion = try Self.post(server, headers: [("x-api-key", "sk-ant-test")])
        #expect(noVersion.status == 400)
        #expect(noVersion.json?["error"]?["type"]?.string == "invalid_request_error")
        let noLimit = try Self.post(server, Self.body(maxTokens: nil))
        #expect(noLimit.status == 400)
        #expect(noLimit.json?["error"]?["message"]?.string == "max_tokens: Field required")
        let unknown = try Self.post(server, Self.body(model: "claude-nope"))
        #expect(unknown.status == 404)
        #expect(unknown.json?["error"]?["type"]?.string == "not_found_error")
        #expect(server.script.servedChatCount == 0)
    }

    @Test func streamIsTheNamedEventSequence() throws {
        let server = try FakeAnthropicServer(defaultBehaviour: .reply("Hello there, friend", tokens: 3))
        let response = try Self.post(server)
        #expect(response.status == 200)
        #expect(response.header("content-type")?.hasPrefix("text/event-stream") == true)
        #expect(response.header("request-id")?.hasPrefix("req_") == true)
        #expect(response.complete)
        let events = Self.namedEvents(response)
        #expect(events.map(\.0) == ["message_start", "content_block_start", "ping", "content_block_delta",
                                    "content_block_delta", "content_block_delta", "content_block_stop",
                                    "message_delta", "message_stop"])
        // The event name equals the type inside data.
        #expect(events.allSatisfy { $0.1?["type"]?.string == $0.0 })
        #expect(events.filter { $0.0 == "content_block_delta" }.compactMap { $0.1?["delta"]?["text"]?.string }.joined()
                == "Hello there, friend")
        let delta = try #require(events.first { $0.0 == "message_delta" }?.1)
        #expect(delta["delta"]?["stop_reason"]?.string == "end_turn")
        #expect(delta["usage"]?["output_tokens"]?.int == 3)
        #expect(events[0].1?["message"]?["usage"]?["input_tokens"]?.int ?? 0 > 0)
        #expect(!response.text.contains("[DONE]"))
    }

    @Test func thinkingBlockComesFirst() throws {
        let server = try FakeAnthropicServer(defaultBehaviour: .reply("Done.").thinking("First, look"))
        let events = Self.namedEvents(try Self.post(server))
        let starts = events.filter { $0.0 == "content_block_start" }.compactMap(\.1)
        #expect(starts.map { $0["content_block"]?["type"]?.string } == ["thinking", "text"])
        #expect(starts.map { $0["index"]?.int } == [0, 1])
        let deltas = events.filter { $0.0 == "content_block_delta" }.compactMap(\.1)
        #expect(deltas.filter { $0["index"]?.int == 0 }.compactMap { $0["delta"]?["thinking"]?.string }.joined() == "First, look")
        #expect(deltas.contains { $0["delta"]?["type"]?.string == "signature_delta" })
        #expect(deltas.filter { $0["index"]?.int == 1 }.compactMap { $0["delta"]?["text"]?.string }.joined() == "Done.")
    }

    @Test func statusErrorsAndMidStreamError() throws {
        let server = try FakeAnthropicServer()
        server.enqueue(.failure(429, retryAfter: .seconds(2)))
        server.enqueue(.failure(529))
        server.enqueue(.generated(tokens: 5).failingMidStream(afterTokens: 2))
        let limited = try Self.post(server)
        #expect(limited.status == 429)
        #expect(limited.header("retry-after") == "2")
        #expect(limited.json?["error"]?["type"]?.string == "rate_limit_error")
        let overloaded = try Self.post(server)
        #expect(overloaded.status == 529)
        #expect(overloaded.json?["error"]?["type"]?.string == "overloaded_error")
        #expect(overloaded.json?["error"]?["message"]?.string == "Overloaded")
        let broken = try Self.post(server)
        #expect(broken.status == 200)
        let events = Self.namedEvents(broken)
        #expect(events.last?.0 == "error")
        #expect(events.last?.1?["error"]?["type"]?.string == "overloaded_error")
        #expect(events.filter { $0.0 == "content_block_delta" }.count == 2)
        #expect(!events.contains { $0.0 == "message_stop" })
    }

    @Test func abruptCloseBeforeMessageStop() throws {
        let server = try FakeAnthropicServer(defaultBehaviour: .generated(tokens: 4).truncated(afterTokens: 4))
        let response = try Self.post(server)
        #expect(response.status == 200)
        #expect(!response.complete)   // no last chunk: the connection just closed
        let names = Self.namedEvents(response).map(\.0)
        #expect(names.filter { $0 == "content_block_delta" }.count == 4)
        #expect(!names.contains("message_stop"))
        #expect(!names.contains("message_delta"))
    }

    @Test func wholeMessageAndModelList() throws {
        let server = try FakeAnthropicServer(defaultBehaviour: .responder { request in
            "\(request.system ?? "-") / \(request.lastUserText) / \(request.model)"
        })
        let reply = try Self.post(server, Self.body(stream: false))
        #expect(reply.header("content-type") == "application/json")
        #expect(reply.json?["type"]?.string == "message")
        #expect(reply.json?["content"]?[0]?["text"]?.string == "You are Luna. / Paint / claude-sonnet-4-5")
        #expect(reply.json?["stop_reason"]?.string == "end_turn")
        let models = try RawHTTP.request(port: server.port, "GET", "/v1/models", headers: Self.headers)
        #expect(models.json?["data"]?[0]?["type"]?.string == "model")
        #expect(models.json?["data"]?[0]?["display_name"]?.string == "Claude Sonnet 4.5")
        #expect(models.json?["has_more"]?.bool == false)
        #expect(models.json?["first_id"]?.string == "claude-sonnet-4-5")
    }
}
}
