import Core
import Testing
@testable import Providers

@Suite struct OllamaChatDecoderTests {
    static let happy = """
        {"model":"qwen3","created_at":"2025-10-26T17:15:24.01Z","message":{"role":"assistant","content":"","thinking":"Let me think."},"done":false}
        {"model":"llama3.2","created_at":"2025-10-26T17:15:24.097767Z","message":{"role":"assistant","content":"The"},"done":false}
        {"model":"llama3.2","created_at":"2025-10-26T17:15:24.1Z","message":{"role":"assistant","content":" sky"},"done":false}
        {"model":"llama3.2","created_at":"2025-10-26T17:15:24.166576Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","total_duration":4883583458,"load_duration":1334875,"prompt_eval_count":26,"prompt_eval_duration":342546000,"eval_count":282,"eval_duration":4535599000}

        """

    @Test func happyPath() {
        let result = decode(OllamaChatDecoder(), Self.happy)
        #expect(result.error == nil)
        #expect(result.deltas == [.reasoning("Let me think."), .text("The"), .text(" sky")])
        #expect(result.end == ChatStreamEnd(text: "The sky", reasoning: "Let me think.",
                                            usage: Usage(inputTokens: 26, outputTokens: 282), finishReason: "stop"))
        let completion = result.end?.completion(timeToFirstToken: 0.25, latency: 1.5)
        #expect(completion == ChatCompletion(text: "The sky", usage: Usage(inputTokens: 26, outputTokens: 282),
                                             finishReason: "stop", timeToFirstToken: 0.25, latency: 1.5))
    }

    @Test func missingMetricsCountAsZero() {
        let result = decode(OllamaChatDecoder(), """
            {"message":{"role":"assistant","content":"Hi"},"done":false}
            {"message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","eval_count":3}

            """)
        #expect(result.end?.usage == Usage(inputTokens: 0, outputTokens: 3, estimated: false))
    }

    @Test func generateResponseLinesAreText() {
        let result = decode(OllamaChatDecoder(), """
            {"response":"Once","done":false}
            {"response":" upon","done":true,"done_reason":"length","prompt_eval_count":4,"eval_count":2}

            """)
        #expect(result.end?.text == "Once upon")
        #expect(result.end?.finishReason == "length")
    }

    @Test func anErrorLineIsAStreamErrorWithThePartialText() {
        let result = decode(OllamaChatDecoder(), """
            {"message":{"role":"assistant","content":"The"},"done":false}
            {"message":{"role":"assistant","content":" sky"},"done":false}
            {"error":"an error was encountered while running the model: unexpected EOF"}

            """)
        #expect(result.end == nil)
        #expect(result.error?.kind == .streamError)
        #expect(result.error?.partialText == "The sky")
        #expect(result.error?.message.contains("unexpected EOF") == true)
    }

    @Test func theErrorIsStickyAcrossLaterFeeds() throws {
        var decoder = OllamaChatDecoder()
        #expect(throws: ProviderError.self) { try decoder.feed(bytes("{\"error\":\"boom\"}\n")) }
        #expect(throws: ProviderError.self) { try decoder.feed(bytes("{\"done\":true}\n")) }
        #expect(throws: ProviderError.self) { try decoder.finish() }
    }

    @Test func noDoneLineIsIncompleteWithThePartialText() {
        let result = decode(OllamaChatDecoder(), "{\"message\":{\"content\":\"Half\"},\"done\":false}\n")
        #expect(result.error?.kind == .incomplete)
        #expect(result.error?.partialText == "Half")
        #expect(result.end == nil)
        #expect(!result.deltas.contains { if case .finished = $0 { true } else { false } })
    }

    @Test func aDoneLineWithoutItsNewlineIsTreatedAsCutOff() {
        let result = decode(OllamaChatDecoder(), "{\"message\":{\"content\":\"A\"},\"done\":false}\n{\"done\":true,\"eval_count\":1}")
        #expect(result.error?.kind == .incomplete)
        #expect(result.error?.partialText == "A")
    }

    @Test func aLineThatIsNotJSONIsMalformed() {
        let result = decode(OllamaChatDecoder(), "{\"message\":{\"content\":\"A\"},\"done\":false}\n<html>oops</html>\n")
        #expect(result.error?.kind == .malformed)
        #expect(result.error?.partialText == "A")
        #expect(result.error?.message.contains("<html>oops</html>") == true)
    }

    @Test func bytesAfterDoneAreIgnored() throws {
        var decoder = OllamaChatDecoder()
        _ = try decoder.feed(bytes("{\"message\":{\"content\":\"A\"},\"done\":true}\n{\"message\":{\"content\":\"B\"}}\n"))
        #expect(try decoder.feed(bytes("garbage\n")) == [])
        #expect(try decoder.finish().text == "A")
    }
}
