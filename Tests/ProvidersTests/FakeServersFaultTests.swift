import Foundation
import TestSupport
import Testing

/// Broken streams: split writes, truncation, cuts, stalls, endless bodies, lying lengths.
extension FakeServersSerial {
@Suite struct FakeServersFaultTests {
    static let anthropicHeaders = [("x-api-key", "k"), ("anthropic-version", "2023-06-01")]
    static let anthropicBody = #"{"model":"claude-sonnet-4-5","max_tokens":100,"messages":[{"role":"user","content":"x"}],"stream":true}"#
    static let openAIBody = #"{"model":"gpt-4o-mini","messages":[{"role":"user","content":"x"}],"stream":true}"#
    static let usageBody = #"{"model":"gpt-4o-mini","messages":[{"role":"user","content":"x"}],"stream":true,"stream_options":{"include_usage":true}}"#
    static let ollamaBody = #"{"model":"llama3.2","messages":[{"role":"user","content":"x"}]}"#

    static func anthropic(_ behaviour: FakeBehaviour) throws -> RawResponse {
        let server = try FakeAnthropicServer(defaultBehaviour: behaviour)
        return try RawHTTP.post(port: server.port, "/v1/messages", json: anthropicBody, headers: anthropicHeaders)
    }

    static func openAI(_ behaviour: FakeBehaviour, body: String = openAIBody) throws -> RawResponse {
        let server = try FakeOpenAIServer(defaultBehaviour: behaviour)
        return try RawHTTP.post(port: server.port, "/v1/chat/completions", json: body)
    }

    /// The body with the random message id masked.
    static func masked(_ body: [UInt8]) throws -> String {
        let regex = try NSRegularExpression(pattern: "msg_[A-Za-z0-9]+")
        let text = String(decoding: body, as: UTF8.self)
        return regex.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: "msg_X")
    }

    static func contentDeltas(_ response: RawResponse) -> Int {
        RawHTTP.sseData(response.body).filter { $0["choices"]?[0]?["delta"]?["content"]?.string?.isEmpty == false }.count
    }

    @Test func splitWritesCarryTheSameBytes() throws {
        let whole = try Self.anthropic(.standard)
        let awkward = try Self.anthropic(FakeBehaviour.standard.split(.awkward))
        let tiny = try Self.anthropic(FakeBehaviour.standard.split(.everyBytes(3)))
        let batched = try Self.anthropic(FakeBehaviour.standard.split(.batched(events: 4)))
        let events = RawHTTP.sseEvents(whole.body).count
        #expect(whole.chunkSizes.count == events)
        #expect(awkward.chunkSizes.count > 2 * events)
        #expect(tiny.chunkSizes.allSatisfy { $0 <= 3 })
        #expect(batched.chunkSizes.count < events)
        for other in [awkward, tiny, batched] {
            #expect(other.complete)
            #expect(try Self.masked(other.body) == Self.masked(whole.body))
        }
        // Some write ends inside a multi-byte character.
        var offset = 0
        var insideCharacter = false
        for size in awkward.chunkSizes {
            offset += size
            if offset < awkward.body.count, awkward.body[offset] & 0xC0 == 0x80 { insideCharacter = true }
        }
        #expect(insideCharacter)
    }

    @Test func awkwardSplitsFallBetweenCRAndLF() throws {
        let response = try Self.openAI(FakeBehaviour.reply("a b").lineEndings(.crlf).split(.awkward))
        var offset = 0
        var betweenCRLF = false
        for size in response.chunkSizes {
            offset += size
            if offset < response.body.count, response.body[offset - 1] == 13, response.body[offset] == 10 { betweenCRLF = true }
        }
        #expect(betweenCRLF)
        #expect(RawHTTP.sseData(response.body).count == 4)
    }

    @Test func truncationAndEarlyEnd() throws {
        let truncated = try Self.openAI(FakeBehaviour.generated(tokens: 6).truncated(afterTokens: 2))
        #expect(!truncated.complete)
        #expect(Self.contentDeltas(truncated) == 2)
        #expect(!truncated.text.contains("[DONE]"))
        let early = try Self.openAI(FakeBehaviour.generated(tokens: 6).endingEarly(afterTokens: 2))
        #expect(early.complete)
        #expect(Self.contentDeltas(early) == 2)
        #expect(!early.text.contains("[DONE]"))
        #expect(!early.text.contains("finish_reason\":\"stop"))
    }

    @Test func missingTerminator() throws {
        let abrupt = try Self.openAI(FakeBehaviour.reply("a b").withoutTerminator(), body: Self.usageBody)
        #expect(!abrupt.complete)
        #expect(abrupt.text.hasSuffix("}\n\n"))
        #expect(!abrupt.text.contains("[DONE]"))
        #expect(RawHTTP.sseData(abrupt.body).last?["usage"]?["completion_tokens"]?.int == 2)
        let clean = try Self.anthropic(FakeBehaviour.reply("a b").withoutTerminator(abrupt: false))
        #expect(clean.complete)
        #expect(RawHTTP.sseEvents(clean.body).last?.first == "event: message_delta")
    }

    @Test func cutsLeaveBrokenTails() throws {
        let midLine = try Self.openAI(FakeBehaviour.generated(tokens: 6).cut(afterTokens: 1, .midLine))
        #expect(!midLine.complete)
        let lastLine = midLine.text.components(separatedBy: "\n").last ?? ""
        #expect(lastLine.hasPrefix("data: {"))
        #expect(FakeJSON.parse(String(lastLine.dropFirst(6))) == nil)

        let undispatched = try Self.openAI(FakeBehaviour.generated(tokens: 6).cut(afterTokens: 1, .beforeDispatch))
        #expect(undispatched.text.hasSuffix("}\n"))
        #expect(!undispatched.text.hasSuffix("\n\n"))

        let server = try FakeOllamaServer(defaultBehaviour: FakeBehaviour.reply("ab 海 cd").cut(afterTokens: 1, .midCharacter))
        let midCharacter = try RawHTTP.post(port: server.port, "/api/chat", json: Self.ollamaBody)
        #expect(!midCharacter.complete)
        #expect(String(bytes: midCharacter.body, encoding: .utf8) == nil)
        #expect(midCharacter.body.last.map { $0 >= 0xC0 } == true)
        #expect(RawHTTP.ndjson(midCharacter.body).count == 1)
    }

    @Test func injectedGarbage() throws {
        let server = try FakeOllamaServer(defaultBehaviour: FakeBehaviour.reply("a b")
            .injecting(.giantToken(afterTokens: 1, bytes: 200_000)).injecting(.invalidUTF8(afterTokens: 2)))
        let response = try RawHTTP.post(port: server.port, "/api/chat", json: Self.ollamaBody)
        let lines = response.text.split(separator: "\n")
        #expect(lines.contains { $0.utf8.count > 200_000 })
        #expect(RawConnection.find([0xC3, 0x28, 0xFF], in: response.body) != nil)
        #expect(response.complete)
        #expect(RawHTTP.ndjson(response.body).last?["done"]?.bool == true)
    }

    @Test func framings() throws {
        let counted = try Self.openAI(FakeBehaviour.reply("a b").framed(.contentLength))
        #expect(counted.contentLength == counted.body.count)
        #expect(counted.complete)
        #expect(counted.text.hasSuffix("data: [DONE]\n\n"))
        // A truncated stream announced with a length is short.
        let short = try Self.openAI(FakeBehaviour.reply("a b c d").framed(.contentLength).truncated(afterTokens: 1))
        #expect(!short.complete)
        #expect((short.contentLength ?? 0) > short.body.count)

        let closing = try Self.openAI(FakeBehaviour.reply("a b").framed(.closeDelimited))
        #expect(closing.contentLength == nil && !closing.chunked)
        #expect(closing.text.hasSuffix("data: [DONE]\n\n"))

        let nonStream = #"{"model":"gpt-4o-mini","messages":[{"role":"user","content":"x"}]}"#
        let overstated = try Self.openAI(FakeBehaviour.reply("a b").framed(.lyingContentLength(by: 10)), body: nonStream)
        #expect(overstated.contentLength == overstated.body.count + 10)
        #expect(!overstated.complete)
        #expect(overstated.json != nil)
        let understated = try Self.openAI(FakeBehaviour.reply("a b").framed(.lyingContentLength(by: -5)), body: nonStream)
        #expect(understated.complete)
        #expect(understated.json == nil)
    }
}
}
