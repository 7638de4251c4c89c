import Core
import Foundation
import TestSupport
import Testing
@testable import Providers

@Suite struct OpenAIChatDecoderTests {
    /// The exact stream of protocols.md §2, with usage in the `choices: []` chunk.
    static let happy = """
        data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1753357673,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}],"usage":null}

        data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1753357673,"model":"m","choices":[{"index":0,"delta":{"content":"Hel"},"logprobs":null,"finish_reason":null}],"usage":null}

        data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1753357673,"model":"m","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}],"usage":null}

        data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1753357673,"model":"m","choices":[],"usage":{"prompt_tokens":12,"completion_tokens":3,"total_tokens":15}}

        data: [DONE]


        """

    @Test func usageOnTheEmptyChoicesChunk() {
        let result = decode(OpenAIChatDecoder(estimatedInputTokens: 99), Self.happy)
        #expect(result.error == nil)
        #expect(result.deltas == [.text("Hel")])
        #expect(result.end == ChatStreamEnd(text: "Hel", usage: Usage(inputTokens: 12, outputTokens: 3), finishReason: "stop"))
    }

    @Test func usageOnTheFinishChunk() {
        let result = decode(OpenAIChatDecoder(), """
            data: {"choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}],"usage":null}

            data: {"choices":[{"index":0,"delta":{},"finish_reason":"length"}],"usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7},"timings":{"prompt_n":5,"predicted_n":2,"predicted_ms":12.5}}

            data: [DONE]


            """)
        #expect(result.end?.usage == Usage(inputTokens: 5, outputTokens: 2, estimated: false))
        #expect(result.end?.finishReason == "length")
    }

    @Test func theRecordedLlamaCppStreamDecodesWithEstimatedUsage() throws {
        let body = [UInt8](try Fixtures.data("llamacpp-chat-stream.sse"))
        let expectedText = "A lighthouse in a storm, with neon accents 🌊 mendatang\n場所にuser\n"
            + "A lighthouse in a storm, with neon accents 🌊 mendatang\n場所にuser\n"
            + "A lighthouse in a storm, with neon"
        let whole = decode(OpenAIChatDecoder(estimatedInputTokens: 20), [body])
        #expect(whole.error == nil)
        #expect(whole.text == expectedText)
        #expect(whole.end?.text == expectedText)
        #expect(whole.end?.finishReason == "length")
        #expect(whole.end?.usage == Usage(inputTokens: 20, outputTokens: Usage.estimateTokens(expectedText), estimated: true))
        #expect(whole.end?.usage.outputTokens == 45)

        // The same bytes in network-sized and odd-sized pieces.
        for size in [1, 7, 64, 1_000, 4_096] {
            let pieces = stride(from: 0, to: body.count, by: size).map { Array(body[$0..<min($0 + size, body.count)]) }
            let got = decode(OpenAIChatDecoder(estimatedInputTokens: 20), pieces)
            #expect(merged(got.deltas) == merged(whole.deltas) && got.end == whole.end, "pieces of \(size)")
        }
        for index in stride(from: 0, through: body.count, by: 37) {
            let got = decode(OpenAIChatDecoder(estimatedInputTokens: 20), split(body, at: [index]))
            #expect(got.end == whole.end, "cut at \(index)")
        }
    }

    @Test func reasoningContentAndReasoningAreReasoning() {
        let result = decode(OpenAIChatDecoder(), """
            data: {"choices":[{"index":0,"delta":{"reasoning_content":"think "}}]}

            data: {"choices":[{"index":0,"delta":{"reasoning":"more"}}]}

            data: {"choices":[{"index":0,"delta":{"content":"Answer"}}]}

            data: [DONE]


            """)
        #expect(result.deltas == [.reasoning("think "), .reasoning("more"), .text("Answer")])
        #expect(result.end?.text == "Answer")
        #expect(result.end?.reasoning == "think more")
        // Estimated output counts reasoning too.
        #expect(result.end?.usage == Usage(inputTokens: 0, outputTokens: 2 + 3, estimated: true))
    }

    @Test func onlyTheFirstChoiceIsReadAndOddChunksAreSkipped() {
        let result = decode(OpenAIChatDecoder(), """
            : OPENROUTER PROCESSING

            data: {"choices":[{"index":1,"delta":{"content":"other"}},{"index":0,"delta":{"content":"mine"}}]}

            data: {"choices":[]}

            data: {"object":"chat.completion.chunk"}

            data: {"choices":[{"index":0,"delta":{"content":null,"tool_calls":[{"index":0,"function":{"arguments":"{"}}]}}]}

            data: {"choices":["junk", {"delta":{"content":"!"}}]}

            data: [DONE]


            """)
        #expect(result.error == nil)
        #expect(result.end?.text == "mine!")
    }

    @Test func anOpenAIErrorChunkIsAStreamError() {
        let result = decode(OpenAIChatDecoder(), """
            data: {"choices":[{"index":0,"delta":{"content":"Part"}}]}

            data: {"error":{"message":"The server had an error while processing your request. Sorry about that!","type":"server_error"}}

            data: [DONE]


            """)
        #expect(result.error?.kind == .streamError)
        #expect(result.error?.partialText == "Part")
        #expect(result.error?.message.contains("Sorry about that!") == true)
        #expect(result.error?.message.contains("server_error") == true)
        #expect(result.end == nil)
    }

    @Test func anOpenRouterErrorChunkIsAStreamError() {
        let result = decode(OpenAIChatDecoder(), """
            data: {"choices":[{"index":0,"delta":{"content":"Some"}}]}

            data: {"id":"gen-1","object":"chat.completion.chunk","created":1,"model":"x","error":{"code":502,"message":"Provider returned error"},"choices":[{"index":0,"delta":{"content":""},"finish_reason":"error"}]}


            """)
        #expect(result.error?.kind == .streamError)
        #expect(result.error?.partialText == "Some")
        #expect(result.error?.message.contains("Provider returned error (code 502)") == true)
    }

    @Test func anErrorEventIsAStreamError() {
        let result = decode(OpenAIChatDecoder(), "event: error\ndata: {\"message\":\"overloaded\"}\n\n")
        #expect(result.error?.kind == .streamError)
        #expect(result.error?.message.contains("overloaded") == true)
    }

    @Test func noDoneIsIncompleteEvenAfterAFinishReason() {
        let result = decode(OpenAIChatDecoder(), """
            data: {"choices":[{"index":0,"delta":{"content":"Cut"},"finish_reason":null}]}

            data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}


            """)
        #expect(result.error?.kind == .incomplete)
        #expect(result.error?.partialText == "Cut")
        #expect(result.error?.message.contains("[DONE]") == true)
    }

    @Test func doneCutBeforeItsBlankLineIsIncomplete() {
        let result = decode(OpenAIChatDecoder(), "data: {\"choices\":[{\"delta\":{\"content\":\"x\"}}]}\n\ndata: [DONE]\n")
        #expect(result.error?.kind == .incomplete)
    }

    @Test func dataThatIsNotJSONIsMalformed() {
        let result = decode(OpenAIChatDecoder(), "data: {\"choices\":[{\"delta\":{\"content\":\"x\"}}]}\n\ndata: {not json\n\n")
        #expect(result.error?.kind == .malformed)
        #expect(result.error?.partialText == "x")
    }

    @Test func estimatedInputTokensComeFromTheRequest() {
        let request = ChatRequest(model: "m", messages: [.system("Be brief."), .user("Hello there")])
        #expect(request.estimatedInputTokens == Usage.estimateTokens("Be brief.") + Usage.estimateTokens("Hello there") + 8)
    }
}
