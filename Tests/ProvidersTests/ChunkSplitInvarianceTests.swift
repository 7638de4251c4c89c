import Core
import Testing
@testable import Providers

/// The same bytes, cut anywhere (inside CRLF pairs and multi-byte characters included),
/// give the same events.
@Suite struct ChunkSplitInvarianceTests {
    static let sseBody = "\u{FEFF}: comment\nevent: greet\nid: 1\ndata: café 你好 🙂\ndata:second\n\n"
        + "retry: 10\ndata: {\"t\":\"é\"}\n\n:x\ndata: 🙂🙂\n\nevent: cut\ndata: dropped"

    enum Ending: String, CaseIterable { case lf = "\n", cr = "\r", crlf = "\r\n" }

    static func sse(_ ending: Ending, _ text: String = sseBody) -> [UInt8] {
        bytes(text.replacingOccurrences(of: "\n", with: ending.rawValue))
    }

    @Test(arguments: Ending.allCases)
    func sseEveryOneCut(_ ending: Ending) throws {
        let stream = Self.sse(ending)
        let expected = try sseEvents([stream])
        #expect(expected.count == 3)
        #expect(expected[0] == SSEEvent(type: "greet", data: "café 你好 🙂\nsecond", lastEventID: "1"))
        for index in 0...stream.count {
            #expect(try sseEvents(split(stream, at: [index])) == expected, "cut at \(index)")
        }
    }

    @Test(arguments: Ending.allCases)
    func sseEveryPairOfCuts(_ ending: Ending) throws {
        let stream = Self.sse(ending, "data: é你\ndata:🙂\n\nevent: x\ndata: b\n\n")
        let expected = try sseEvents([stream])
        #expect(expected == [SSEEvent(data: "é你\n🙂"), SSEEvent(type: "x", data: "b")])
        for first in 0...stream.count {
            for second in first...stream.count {
                #expect(try sseEvents(split(stream, at: [first, second])) == expected, "cuts at \(first), \(second)")
            }
        }
    }

    @Test(arguments: Ending.allCases)
    func sseOneByteAtATime(_ ending: Ending) throws {
        let stream = Self.sse(ending)
        #expect(try sseEvents(stream.map { [$0] }) == sseEvents([stream]))
    }

    static let ndjsonBody = "{\"t\":\"café\"}\n{\"t\":\"你好\"}\r\n\n{\"t\":\"🙂\"}\n{\"last\":true}"

    @Test func ndjsonEveryOneCut() throws {
        let stream = bytes(Self.ndjsonBody)
        let expected = try ndjsonLines([stream])
        #expect(expected == ["{\"t\":\"café\"}", "{\"t\":\"你好\"}", "{\"t\":\"🙂\"}", "{\"last\":true}"])
        for index in 0...stream.count {
            #expect(try ndjsonLines(split(stream, at: [index])) == expected, "cut at \(index)")
        }
    }

    @Test func ndjsonEveryPairOfCuts() throws {
        let stream = bytes("{\"é\":1}\r\n🙂\n你\n")
        let expected = try ndjsonLines([stream])
        #expect(expected == ["{\"é\":1}", "🙂", "你"])
        for first in 0...stream.count {
            for second in first...stream.count {
                #expect(try ndjsonLines(split(stream, at: [first, second])) == expected, "cuts at \(first), \(second)")
            }
        }
    }

    @Test func ollamaDecoderEveryPairOfCuts() throws {
        let stream = bytes(#"{"message":{"content":"é🙂"},"done":false}"# + "\r\n"
            + #"{"message":{"content":"你"},"done":true,"eval_count":2}"# + "\n")
        let expected = decode(OllamaChatDecoder(), [stream])
        #expect(expected.text == "é🙂你")
        for first in stride(from: 0, through: stream.count, by: 3) {
            for second in first...stream.count {
                let got = decode(OllamaChatDecoder(), split(stream, at: [first, second]))
                #expect(merged(got.deltas) == merged(expected.deltas) && got.end == expected.end, "cuts at \(first), \(second)")
            }
        }
    }

    @Test(arguments: Ending.allCases)
    func openAIDecoderEveryOneCut(_ ending: Ending) throws {
        let text = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"é你\"}}]}\n\n"
            + ": keep-alive\n"
            + "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"🙂\"},\"finish_reason\":\"stop\"}]}\n\n"
            + "data: [DONE]\n\n"
        let stream = Self.sse(ending, text)
        let expected = decode(OpenAIChatDecoder(), [stream])
        #expect(expected.end?.text == "é你🙂")
        for index in 0...stream.count {
            let got = decode(OpenAIChatDecoder(), split(stream, at: [index]))
            #expect(got == expected, "cut at \(index)")
        }
    }
}
