import Core
import Testing
@testable import Providers

@Suite struct AnthropicChatDecoderTests {
    /// `basic_response.txt` of the SDK tests, as quoted in protocols.md §3.
    static let basic = """
        event: message_start
        data: {"type":"message_start","message":{"id":"msg_4Qp","type":"message","role":"assistant","content":[],"model":"claude-3-opus-latest","stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":11,"output_tokens":1}}}

        event: content_block_start
        data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

        event: ping
        data: {"type": "ping"}

        event: content_block_delta
        data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}}

        event: content_block_stop
        data: {"type":"content_block_stop","index":0}

        event: message_delta
        data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":6}}

        event: message_stop
        data: {"type":"message_stop"}


        """

    @Test func happyPath() {
        let result = decode(AnthropicChatDecoder(), Self.basic)
        #expect(result.error == nil)
        #expect(result.deltas == [.text("Hello")])
        #expect(result.end == ChatStreamEnd(text: "Hello", usage: Usage(inputTokens: 11, outputTokens: 6), finishReason: "end_turn"))
    }

    @Test func cacheCountsAddToInputAndOutputIsCumulative() {
        let result = decode(AnthropicChatDecoder(), """
            event: message_start
            data: {"type":"message_start","message":{"usage":{"input_tokens":10,"cache_creation_input_tokens":5,"cache_read_input_tokens":7,"output_tokens":1}}}

            event: content_block_start
            data: {"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":""}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Plan."}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"abc"}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"Hi "}}

            event: message_delta
            data: {"type":"message_delta","delta":{"stop_reason":null},"usage":{"output_tokens":6}}

            event: brand_new_event
            data: {"type":"brand_new_event","whatever":[1,2]}

            event: content_block_delta
            data: {"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"there"}}

            event: message_delta
            data: {"type":"message_delta","delta":{"stop_reason":"max_tokens"},"usage":{"output_tokens":15}}

            event: message_stop
            data: {"type":"message_stop"}


            """)
        #expect(result.error == nil)
        #expect(result.deltas == [.reasoning("Plan."), .text("Hi "), .text("there")])
        #expect(result.end?.usage == Usage(inputTokens: 22, outputTokens: 15))
        #expect(result.end?.finishReason == "max_tokens")
    }

    @Test func inputCountsInMessageDeltaReplaceTheEarlierOnes() {
        let result = decode(AnthropicChatDecoder(), """
            event: message_start
            data: {"type":"message_start","message":{"usage":{"input_tokens":10,"cache_read_input_tokens":4,"output_tokens":1}}}

            event: message_delta
            data: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"input_tokens":12,"output_tokens":3}}

            event: message_stop
            data: {"type":"message_stop"}


            """)
        #expect(result.end?.usage == Usage(inputTokens: 16, outputTokens: 3))
    }

    @Test func anErrorEventIsAStreamErrorClassifiedByType() {
        let result = decode(AnthropicChatDecoder(), """
            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Half"}}

            event: error
            data: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}


            """)
        #expect(result.error?.kind == .streamError)
        #expect(result.error?.partialText == "Half")
        #expect(result.error?.message.contains("overloaded_error") == true)
        #expect(result.error?.message.contains("Overloaded") == true)
        #expect(result.error?.hint?.contains("overloaded") == true)
    }

    @Test func errorTypesGiveTheirOwnHints() {
        #expect(AnthropicEventHandler.hint(forErrorType: "rate_limit_error")?.contains("wait") == true)
        #expect(AnthropicEventHandler.hint(forErrorType: "billing_error")?.contains("will not clear") == true)
        #expect(AnthropicEventHandler.hint(forErrorType: "something_new") == nil)
    }

    @Test func unnamedEventsUseTheJSONType() {
        let result = decode(AnthropicChatDecoder(), """
            data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"x"}}

            data: {"type":"message_stop"}


            """)
        #expect(result.end?.text == "x")
    }

    @Test func noMessageStopIsIncompleteWithThePartialText() {
        let cut = Self.basic.components(separatedBy: "event: message_stop")[0]
        let result = decode(AnthropicChatDecoder(), cut)
        #expect(result.error?.kind == .incomplete)
        #expect(result.error?.partialText == "Hello")
        #expect(result.error?.message.contains("message_stop") == true)
    }

    @Test func aKnownEventWhoseDataIsNotJSONIsMalformed() {
        let result = decode(AnthropicChatDecoder(), "event: content_block_delta\ndata: nope\n\n")
        #expect(result.error?.kind == .malformed)
    }
}
