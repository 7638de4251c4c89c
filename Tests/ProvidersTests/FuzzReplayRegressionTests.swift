import Core
import Testing
@testable import Providers

/// Bugs the fuzzers found, each pinned by a readable case (the minimized inputs themselves
/// are replayed from `Tests/Fuzz/Crashes` by `FuzzReplayTests`).
@Suite struct FuzzReplayRegressionTests {
    /// Found by the `ollama` harness (and the same in `openai` and `anthropic`): a line over
    /// the cap *after* the terminator, in the same chunk, failed a finished reply as
    /// malformed, while the same bytes in a later chunk were ignored.
    @Test func aLongLineAfterTheTerminatorInTheSameChunkIsIgnored() throws {
        let tail = String(repeating: "x", count: 100) + "\n"
        let bodies: [(any ChatStreamDecoder, String)] = [
            (OllamaChatDecoder(maxLineBytes: 60), "{\"message\":{\"content\":\"hi\"}}\n{\"done\":true}\n" + tail),
            (OpenAIChatDecoder(maxLineBytes: 60), "data: {\"choices\":[{\"delta\":{\"content\":\"hi\"}}]}\n\ndata: [DONE]\n\n" + tail),
            (AnthropicChatDecoder(maxLineBytes: 60),
             "event: content_block_delta\ndata: {\"delta\":{\"type\":\"text_delta\",\"text\":\"hi\"}}\n\n"
                + "event: message_stop\ndata: {}\n\n" + tail),
        ]
        for (decoder, body) in bodies {
            var whole = decoder
            let deltas = try whole.feed(Array(body.utf8))
            #expect(deltas == [.text("hi")], "\(type(of: decoder))")
            #expect(try whole.finish().text == "hi", "\(type(of: decoder))")
            #expect(try whole.feed(Array("more\n".utf8)).isEmpty, "\(type(of: decoder))")
        }
    }

    /// Before the terminator, a line over the cap is still the failure it always was.
    @Test func aLongLineBeforeTheTerminatorStillFails() {
        var decoder = OllamaChatDecoder(maxLineBytes: 40)
        let body = "{\"message\":{\"content\":\"hi\"}}\n" + String(repeating: "x", count: 64) + "\n{\"done\":true}\n"
        #expect(throws: ProviderError.self) { try decoder.feed(Array(body.utf8)) }
        #expect(throws: ProviderError.self) { try decoder.finish() }
    }
}
