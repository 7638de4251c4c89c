import Foundation
import TestSupport
import Testing

/// The llama.cpp flavour compared with the bytes recorded from a real llama.cpp server.
extension FakeServersSerial {
@Suite struct FakeServersFixtureTests {
    /// Each `data:` line with the values that differ between runs replaced, so that two
    /// streams of the same shape give the same lines.
    static func shapes(_ text: String) throws -> [String] {
        let patterns = [
            (#""id": "[^"]*""#, #""id": "ID""#),
            (#""created": [0-9]+"#, #""created": 0"#),
            (#""model": "[^"]*""#, #""model": "M""#),
            (#""content": "(\\.|[^"\\])*""#, #""content": "C""#),
        ]
        return try text.components(separatedBy: "\n").filter { $0.hasPrefix("data: ") }.map { line in
            var result = line
            for (pattern, template) in patterns {
                let regex = try NSRegularExpression(pattern: pattern)
                result = regex.stringByReplacingMatches(
                    in: result, range: NSRange(result.startIndex..., in: result), withTemplate: template)
            }
            return result
        }
    }

    static func fakeStream(_ flavour: FakeOpenAIServer.Flavour, tokens: Int = 6) throws -> RawResponse {
        let server = try FakeOpenAIServer(flavour: flavour, defaultBehaviour: .generated(tokens: tokens))
        // Like the recording: include_usage asked for, a model name the server does not have, a length stop.
        let body = #"{"model":"any-alias","messages":[{"role":"user","content":"Describe a lighthouse"}],"stream":true,"stream_options":{"include_usage":true},"max_tokens":\#(tokens - 1)}"#
        return try RawHTTP.post(port: server.port, "/v1/chat/completions", json: body)
    }

    @Test func recordedFlavourHasTheFixturesExactLineShapes() throws {
        let fixture = String(decoding: try Fixtures.data("llamacpp-chat-stream.sse"), as: UTF8.self)
        let response = try Self.fakeStream(.llamaCppRecorded)
        #expect(response.status == 200)
        // Same framing: one data line per event, a blank line after each, [DONE] last.
        #expect(response.text.hasSuffix("\n\ndata: [DONE]\n\n"))
        #expect(response.text.components(separatedBy: "\n\n").allSatisfy { $0.isEmpty || $0.hasPrefix("data: ") })
        let fixtureShapes = try Self.shapes(fixture)
        let fakeShapes = try Self.shapes(response.text)
        // First (role), middle (content), finish, [DONE]: identical byte shapes, spacing and key order included.
        #expect(fakeShapes.first == fixtureShapes.first)
        #expect(fakeShapes[1] == fixtureShapes[1])
        #expect(fakeShapes.last == fixtureShapes.last)
        #expect(fakeShapes[fakeShapes.count - 2] == fixtureShapes[fixtureShapes.count - 2])
        #expect(Set(fakeShapes) == Set(fixtureShapes))
        // It echoes the requested model name.
        #expect(response.text.contains(#""model": "any-alias""#))
    }

    @Test func recordedFlavourHasTheFixturesEventStructure() throws {
        let fixture = RawHTTP.sseData(Array(try Fixtures.data("llamacpp-chat-stream.sse")))
        let fake = RawHTTP.sseData(try Self.fakeStream(.llamaCppRecorded).body)
        for chunks in [fixture, fake] {
            let first = try #require(chunks.first)
            let last = try #require(chunks.last)
            #expect(first["choices"]?[0]?["delta"]?.keys == ["role"])
            #expect(chunks.dropFirst().dropLast().allSatisfy { $0["choices"]?[0]?["delta"]?.keys == ["content"] })
            #expect(last["choices"]?[0]?["delta"] == .object([:]))
            #expect(last["choices"]?[0]?["finish_reason"]?.string == "length")
            #expect(!chunks.contains { $0["usage"] != nil })   // no usage chunk even though asked for
        }
        #expect(Set(fake.map(\.keys)) == Set(fixture.map(\.keys)))
        #expect(Set(fake.compactMap { $0["choices"]?[0]?.keys }) == Set(fixture.compactMap { $0["choices"]?[0]?.keys }))
    }

    @Test func llamaCppFlavourAddsTimingsToTheLastChunkOnly() throws {
        let fake = RawHTTP.sseData(try Self.fakeStream(.llamaCpp).body)
        let fixture = RawHTTP.sseData(Array(try Fixtures.data("llamacpp-chat-stream.sse")))
        let last = try #require(fake.last)
        #expect(last.keys == ((fixture.last?.keys ?? []) + ["timings"]).sorted())
        #expect(last["timings"]?["predicted_n"]?.int == 5)
        #expect(fake.dropLast().allSatisfy { $0["timings"] == nil })
    }

    @Test func nonAsciiIsEscapedLikePython() throws {
        let server = try FakeOpenAIServer(flavour: .llamaCppRecorded, defaultBehaviour: .reply("🌊場所", tokens: 2))
        let response = try RawHTTP.post(port: server.port, "/v1/chat/completions",
                                        json: #"{"model":"m","messages":[{"role":"user","content":"x"}],"stream":true}"#)
        #expect(response.text.contains(#""content": "\ud83c\udf0a""#))
        #expect(response.text.contains(#""content": "\u5834\u6240""#))
        #expect(response.body.allSatisfy { $0 < 0x80 })
    }

    @Test func nonStreamAndModelsMatchTheRecordedShapes() throws {
        let server = try FakeOpenAIServer(flavour: .llamaCppRecorded)
        let models = try RawHTTP.request(port: server.port, "GET", "/v1/models")
        #expect(models.text == String(decoding: try Fixtures.data("llamacpp-models.json"), as: UTF8.self))
        let reply = try RawHTTP.post(port: server.port, "/v1/chat/completions",
                                     json: #"{"model":"gemma-3-270m","messages":[{"role":"user","content":"x"}]}"#)
        let recorded = try #require(FakeJSON.parse(Array(try Fixtures.data("llamacpp-chat.json"))))
        let fake = try #require(reply.json)
        #expect(fake.keys == recorded.keys)
        #expect(fake["choices"]?[0]?.keys == recorded["choices"]?[0]?.keys)
        #expect(fake["choices"]?[0]?["message"]?.keys == recorded["choices"]?[0]?["message"]?.keys)
        #expect(fake["usage"]?.keys == recorded["usage"]?.keys)
        #expect(reply.text.hasPrefix(#"{"id":"chatcmpl-"#))
    }
}
}
