import Core

/// Decodes Ollama's native `/api/chat` NDJSON stream (and `/api/generate`'s `response` lines).
///
/// Each line is one JSON object: `message.content` becomes `.text`, `message.thinking`
/// `.reasoning`; the line with `"done": true` is the terminator and carries `done_reason`,
/// `prompt_eval_count` (input tokens) and `eval_count` (output tokens), a missing count being
/// 0. A line with an `error` field throws `ProviderError(.streamError)`. A last line without
/// its LF is treated as cut off (never parsed). See `ChatStreamDecoder` for the shared contract.
///
/// A value type owned by the one task that reads the response body.
public struct OllamaChatDecoder: ChatStreamDecoder {
    private var splitter: LineSplitter
    private var state = NDJSONState(sink: OllamaLineHandler())

    public var text: String { state.sink.reply.text }
    public var end: ChatStreamEnd? { state.sink.reply.end }

    /// Whether hot events go through the hand-written scanner (the default) or always through
    /// `JSONSerialization`. Internal: for tests that compare the two paths.
    var usesFastPath: Bool {
        get { state.sink.usesFastPath }
        set { state.sink.usesFastPath = newValue }
    }

    /// How many lines the fast path decoded (for tests).
    var fastPathHits: Int { state.sink.fastPathHits }

    public init(maxLineBytes: Int = LineSplitter.defaultMaxLineBytes) {
        splitter = LineSplitter(mode: .lineFeed, maxLineBytes: maxLineBytes)
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
        throw state.sink.reply.incomplete(terminator: "a line with \"done\": true")
    }
}

/// Interprets each Ollama line for `OllamaChatDecoder`.
///
/// Lines go through `OllamaLineScan` first; whatever it is unsure of is decoded with
/// `JSONSerialization` (`consumeSlowly`), so both paths give the same deltas, ending and errors.
/// `usesFastPath` false sends every line the slow way (for tests that compare the two).
struct OllamaLineHandler: NDJSONLineSink, Sendable {
    var reply = ReplyState()
    var usesFastPath = true
    private(set) var fastPathHits = 0

    var wantsMore: Bool { !reply.isOver }

    mutating func consumeTextLine(_ line: UnsafeBufferPointer<UInt8>) throws {
        if usesFastPath, consumeQuickly(line) {
            fastPathHits += 1
            return
        }
        try consumeSlowly(String(decoding: line, as: UTF8.self))
    }

    /// The fast path; false when the line must take the slow one.
    private mutating func consumeQuickly(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        var scanner = JSONScanner(line)
        guard let scan = OllamaLineScan.scan(&scanner) else { return false }
        if scan.hasMessage {
            if let thinking = scan.thinking { reply.appendReasoning(scanner.text(thinking)) }
            if let content = scan.content { reply.appendText(scanner.text(content)) }
        } else if let response = scan.response {
            if let thinking = scan.topThinking { reply.appendReasoning(scanner.text(thinking)) }
            reply.appendText(scanner.text(response))
        }
        if scan.done == true {
            let usage = Usage(inputTokens: scan.promptEvalCount ?? 0, outputTokens: scan.evalCount ?? 0)
            reply.finish(usage: usage, finishReason: scan.doneReason.map { scanner.text($0) })
        }
        return true
    }

    /// The slow path: the whole line through `JSONSerialization`.
    private mutating func consumeSlowly(_ line: String) throws {
        let object = try JSONFields.requireObject(line, what: "a line of the Ollama stream", partialText: reply.text)
        if let error = object["error"], !JSONFields.isNull(error) {
            let message = JSONFields.errorParts(error)?.message ?? JSONFields.excerpt("\(error)")
            throw ProviderError(.streamError, "the server reported an error in the middle of the reply: \(JSONFields.oneLine(message))")
        }
        if let message = JSONFields.dictionary(object["message"]) {
            if let thinking = JSONFields.string(message["thinking"]) { reply.appendReasoning(thinking) }
            if let content = JSONFields.string(message["content"]) { reply.appendText(content) }
        } else if let response = JSONFields.string(object["response"]) {
            if let thinking = JSONFields.string(object["thinking"]) { reply.appendReasoning(thinking) }
            reply.appendText(response)
        }
        if JSONFields.bool(object["done"]) == true {
            let usage = Usage(inputTokens: JSONFields.int(object["prompt_eval_count"]) ?? 0,
                              outputTokens: JSONFields.int(object["eval_count"]) ?? 0)
            reply.finish(usage: usage, finishReason: JSONFields.string(object["done_reason"]))
        }
    }
}
