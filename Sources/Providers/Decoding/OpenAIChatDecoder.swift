import Core

/// Decodes an OpenAI-compatible `/chat/completions` SSE stream (OpenAI, OpenRouter,
/// llama.cpp, vLLM, Ollama `/v1`).
///
/// Each `data:` event is a chunk; `data: [DONE]` is the terminator. For every choice with
/// index 0 (or no index), `delta.content` (and `delta.refusal`) becomes `.text` and
/// `delta.reasoning_content` / `delta.reasoning` `.reasoning`; `finish_reason` is kept.
/// `usage` is taken wherever it appears (the finish chunk or the `choices: []` chunk; the
/// last one wins). With no usage at all the ending carries an estimate
/// (`Usage.estimateTokens` over the text and reasoning, `estimatedInputTokens` given at
/// init) with `estimated: true`. A chunk with a top-level `error` (OpenAI or OpenRouter
/// shape) or an `event: error` throws `ProviderError(.streamError)`. Unknown fields
/// (llama.cpp `timings`, `obfuscation`, tool calls) are ignored. See `ChatStreamDecoder`.
///
/// A value type owned by the one task that reads the response body.
public struct OpenAIChatDecoder: ChatStreamDecoder {
    private var splitter: LineSplitter
    private var state: SSEState<OpenAIEventHandler>

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

    /// `estimatedInputTokens` is used only when the server sends no usage
    /// (see `ChatRequest.estimatedInputTokens`).
    public init(estimatedInputTokens: Int = 0, maxLineBytes: Int = LineSplitter.defaultMaxLineBytes) {
        splitter = LineSplitter(mode: .anyNewline, maxLineBytes: maxLineBytes)
        state = SSEState(sink: OpenAIEventHandler(estimatedInputTokens: estimatedInputTokens))
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
        throw state.sink.reply.incomplete(terminator: "data: [DONE]")
    }
}

/// Interprets each OpenAI-style event for `OpenAIChatDecoder`.
///
/// Chunks go through `OpenAIChunkScan` first; whatever it is unsure of is decoded with
/// `JSONSerialization` (`consumeSlowly`), so both paths give the same deltas, ending and errors.
/// `usesFastPath` false sends every event the slow way (for tests that compare the two).
struct OpenAIEventHandler: SSEEventSink, Sendable {
    var reply = ReplyState()
    let estimatedInputTokens: Int
    var usesFastPath = true
    private(set) var fastPathHits = 0
    private var usage: Usage?
    private var finishReason: String?

    init(estimatedInputTokens: Int) {
        self.estimatedInputTokens = estimatedInputTokens
    }

    var wantsMore: Bool { !reply.isOver }

    mutating func consumeEvent(_ event: BorrowedSSEEvent) throws {
        if usesFastPath, consumeQuickly(event) {
            fastPathHits += 1
            return
        }
        try consumeSlowly(type: event.type, data: event.text)
    }

    /// The fast path; false when the event must take the slow one.
    private mutating func consumeQuickly(_ event: BorrowedSSEEvent) -> Bool {
        let data = event.data
        // The slow path's `hasPrefix` and `isWhitespace` work on characters (a combining mark
        // after `]` makes another character): with seven ASCII bytes first, bytes say the same.
        let asciiStart = min(data.count, 7)
        var index = 0
        while index < asciiStart {
            guard data[index] < 0x80 else { return false }
            index += 1
        }
        var scanner = JSONScanner(data)
        if data.count >= 6, scanner.matches(0, 6, "[DONE]") {
            reply.finish(usage: usage ?? estimate(), finishReason: finishReason)
            return true
        }
        if scanner.atEnd() { return true } // only whitespace (a vertical tab or form feed is left to the slow path)
        guard event.type != "error" else { return false }
        guard let chunk = OpenAIChunkScan.scan(&scanner) else { return false }
        if let reasoning = chunk.reasoningContent ?? chunk.reasoning { reply.appendReasoning(scanner.text(reasoning)) }
        if let content = chunk.content { reply.appendText(scanner.text(content)) }
        if let refusal = chunk.refusal { reply.appendText(scanner.text(refusal)) }
        if let reason = chunk.finishReason { finishReason = scanner.text(reason) }
        if chunk.hasUsage {
            usage = Usage(inputTokens: chunk.promptTokens ?? 0, outputTokens: chunk.completionTokens ?? 0)
        }
        return true
    }

    /// The slow path: the whole event through `JSONSerialization`.
    private mutating func consumeSlowly(type: String, data: String) throws {
        if data.hasPrefix("[DONE]") {
            reply.finish(usage: usage ?? estimate(), finishReason: finishReason)
            return
        }
        if data.allSatisfy(\.isWhitespace) { return }
        let chunk = try JSONFields.requireObject(data, what: "an event of the stream", partialText: reply.text)
        if let error = chunk["error"], !JSONFields.isNull(error) {
            throw Self.streamError(error)
        }
        if type == "error" {
            throw Self.streamError(chunk)
        }
        if let choices = chunk["choices"] as? [Any] {
            for case let choice as [String: Any] in choices {
                if let index = JSONFields.int(choice["index"]), index != 0 { continue }
                if let delta = JSONFields.dictionary(choice["delta"]) { take(delta) }
                if let reason = JSONFields.string(choice["finish_reason"]) { finishReason = reason }
            }
        }
        if let counts = JSONFields.dictionary(chunk["usage"]) {
            usage = Usage(inputTokens: JSONFields.int(counts["prompt_tokens"]) ?? 0,
                          outputTokens: JSONFields.int(counts["completion_tokens"]) ?? 0)
        }
    }

    private mutating func take(_ delta: [String: Any]) {
        if let reasoning = JSONFields.string(delta["reasoning_content"]) ?? JSONFields.string(delta["reasoning"]) {
            reply.appendReasoning(reasoning)
        }
        if let content = JSONFields.string(delta["content"]) { reply.appendText(content) }
        if let refusal = JSONFields.string(delta["refusal"]) { reply.appendText(refusal) }
    }

    private func estimate() -> Usage {
        Usage(inputTokens: estimatedInputTokens,
              outputTokens: Usage.estimateTokens(reply.text) + Usage.estimateTokens(reply.reasoning),
              estimated: true)
    }

    static func streamError(_ error: Any) -> ProviderError {
        let parts = JSONFields.errorParts(error)
        var message = parts?.message.map { JSONFields.oneLine($0) } ?? JSONFields.excerpt("\(error)")
        let label = [parts?.type, parts?.code.map { "code \($0)" }].compactMap { $0 }.joined(separator: ", ")
        if !label.isEmpty { message += " (\(label))" }
        return ProviderError(.streamError, "the server reported an error in the middle of the reply: \(message)")
    }
}
