import Core

/// Decodes the Anthropic Messages API SSE stream (named events).
///
/// `message_start` gives the input tokens (`input_tokens` plus both cache counts);
/// `content_block_delta` with `text_delta` becomes `.text` and `thinking_delta` `.reasoning`;
/// `message_delta` gives `stop_reason` and the **cumulative** `output_tokens` (the last value
/// wins; input counts there replace the earlier ones); `message_stop` is the terminator.
/// `ping` and unknown events are skipped. `event: error` throws `ProviderError(.streamError)`
/// whose message and hint follow `error.type` (overloaded, rate limit, ...). When an event has
/// no name the JSON `type` field is used. See `ChatStreamDecoder` for the shared contract.
///
/// A value type owned by the one task that reads the response body.
public struct AnthropicChatDecoder: ChatStreamDecoder {
    private var splitter: LineSplitter
    private var state = SSEState(sink: AnthropicEventHandler())

    public var text: String { state.sink.reply.text }
    public var end: ChatStreamEnd? { state.sink.reply.end }

    /// Whether hot events go through the hand-written scanner (the default) or always through
    /// `JSONSerialization`. Internal: for tests that compare the two paths.
    var usesFastPath: Bool {
        get { state.sink.usesFastPath }
        set { state.sink.usesFastPath = newValue }
    }

    /// How many events the fast path decoded (for tests).
    var fastPathHits: Int { state.sink.fastPathHits }

    public init(maxLineBytes: Int = LineSplitter.defaultMaxLineBytes) {
        splitter = LineSplitter(mode: .anyNewline, maxLineBytes: maxLineBytes)
    }

    public mutating func feed(_ chunk: UnsafeBufferPointer<UInt8>) throws -> [ChatDelta] {
        if state.sink.reply.isOver {
            if let failure = state.sink.reply.failure { throw failure }
            return []
        }
        do {
            try splitter.feed(chunk, into: &state)
        } catch {
            return try state.sink.reply.deltasAfterFramingFailure(error)
        }
        return state.sink.reply.takeDeltas()
    }

    public mutating func finish() throws -> ChatStreamEnd {
        if let failure = state.sink.reply.failure { throw failure }
        if let end = state.sink.reply.end { return end }
        throw state.sink.reply.incomplete(terminator: "event: message_stop")
    }
}

/// Interprets each Anthropic event for `AnthropicChatDecoder`.
///
/// `content_block_delta` events go through `AnthropicDeltaScan` first; everything else, and
/// whatever the scan is unsure of, is decoded with `JSONSerialization` (`consumeSlowly`), so
/// both paths behave the same. `usesFastPath` false sends every event the slow way (for tests).
struct AnthropicEventHandler: SSEEventSink, Sendable {
    var reply = ReplyState()
    var usesFastPath = true
    private(set) var fastPathHits = 0
    private var inputTokens = 0
    private var cacheCreationTokens = 0
    private var cacheReadTokens = 0
    private var outputTokens = 0
    private var stopReason: String?

    var wantsMore: Bool { !reply.isOver }

    private static let known: Set<String> = [
        "message_start", "content_block_delta", "message_delta", "message_stop", "error",
    ]

    mutating func consumeEvent(_ event: BorrowedSSEEvent) throws {
        if usesFastPath, event.type == "content_block_delta" || event.type == "message", consumeQuickly(event) {
            fastPathHits += 1
            return
        }
        try consumeSlowly(type: event.type, data: event.text)
    }

    /// The fast path for a delta; false when the event must take the slow one.
    private mutating func consumeQuickly(_ event: BorrowedSSEEvent) -> Bool {
        var scanner = JSONScanner(event.data)
        guard let scan = AnthropicDeltaScan.scan(&scanner) else { return false }
        if event.type == "message" {
            guard let type = scan.type, scanner.text(type, is: "content_block_delta") == true else { return false }
        }
        guard let type = scan.deltaType else { return true }
        guard !type.escaped else { return false }
        if scanner.text(type, is: "text_delta") == true {
            if let text = scan.text { reply.appendText(scanner.text(text)) }
        } else if scanner.text(type, is: "thinking_delta") == true {
            if let thinking = scan.thinking { reply.appendReasoning(scanner.text(thinking)) }
        }
        return true
    }

    /// The slow path: the whole event through `JSONSerialization`.
    private mutating func consumeSlowly(type: String, data: String) throws {
        var name = type
        if name == "ping" || (name != "message" && !Self.known.contains(name)) { return }
        let object = try JSONFields.requireObject(data, what: "the data of a \(name) event", partialText: reply.text)
        if name == "message" {
            name = JSONFields.string(object["type"]) ?? ""
        }
        switch name {
        case "content_block_delta":
            guard let delta = JSONFields.dictionary(object["delta"]) else { return }
            switch JSONFields.string(delta["type"]) {
            case "text_delta": reply.appendText(JSONFields.string(delta["text"]) ?? "")
            case "thinking_delta": reply.appendReasoning(JSONFields.string(delta["thinking"]) ?? "")
            default: break
            }
        case "message_start":
            if let usage = JSONFields.dictionary(JSONFields.dictionary(object["message"])?["usage"]) { takeUsage(usage) }
        case "message_delta":
            if let reason = JSONFields.string(JSONFields.dictionary(object["delta"])?["stop_reason"]) { stopReason = reason }
            if let usage = JSONFields.dictionary(object["usage"]) { takeUsage(usage) }
        case "message_stop":
            let input = inputTokens + cacheCreationTokens + cacheReadTokens
            reply.finish(usage: Usage(inputTokens: input, outputTokens: outputTokens), finishReason: stopReason)
        case "error":
            throw Self.streamError(object["error"] ?? object)
        default:
            return
        }
    }

    /// Counts present in `usage` replace the ones held (Anthropic's counts are cumulative).
    private mutating func takeUsage(_ usage: [String: Any]) {
        if let value = JSONFields.int(usage["input_tokens"]) { inputTokens = value }
        if let value = JSONFields.int(usage["cache_creation_input_tokens"]) { cacheCreationTokens = value }
        if let value = JSONFields.int(usage["cache_read_input_tokens"]) { cacheReadTokens = value }
        if let value = JSONFields.int(usage["output_tokens"]) { outputTokens = value }
    }

    static func streamError(_ error: Any) -> ProviderError {
        let parts = JSONFields.errorParts(error)
        let type = parts?.type ?? "error"
        let detail = parts?.message.map { JSONFields.oneLine($0) } ?? ""
        let message = "the server reported \(type) in the middle of the reply" + (detail.isEmpty ? "" : ": \(detail)")
        return ProviderError(.streamError, message, hint: hint(forErrorType: type))
    }

    /// What a person can do about each Anthropic error type.
    static func hint(forErrorType type: String) -> String? {
        switch type {
        case "overloaded_error": return "the service is overloaded; try again in a moment"
        case "rate_limit_error": return "rate limited; wait a moment and try again"
        case "api_error": return "the service had an internal error; try again"
        case "timeout_error": return "the service timed out; try again"
        case "billing_error": return "a billing problem: waiting will not clear it; check the account's credits"
        case "authentication_error", "permission_error": return "check the API key"
        case "not_found_error": return "check the model name"
        case "request_too_large": return "the request is too large; shorten the conversation"
        default: return nil
        }
    }
}
