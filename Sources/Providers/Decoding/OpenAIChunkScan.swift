/// The fields `OpenAIEventHandler` reads from one chunk, found by `JSONScanner` (the fast path).
///
/// `scan` returns nil — "let JSONSerialization decide" — unless the chunk is a JSON object
/// the scanner fully checked, whose `error` is missing or null, whose `choices` is missing,
/// null or an array of objects of which at most one has `index` 0 or none (choices with
/// another integer index are skipped, as the slow path skips them), and whose fields read are
/// each given at most once with the type the slow path reads (`delta` / `usage` objects,
/// strings, plain integers, or null for any of them). A plain value, used on the decoding task.
struct OpenAIChunkScan {
    typealias JSONString = JSONScanner.JSONString

    /// `delta` of the choice read, and its `finish_reason`.
    var reasoningContent: JSONString?
    var reasoning: JSONString?
    var content: JSONString?
    var refusal: JSONString?
    var finishReason: JSONString?
    /// True when the chunk has a `usage` object (its counts missing or null read as 0).
    var hasUsage = false
    var promptTokens: Int?
    var completionTokens: Int?

    static func scan(_ scanner: inout JSONScanner) -> OpenAIChunkScan? {
        var result = OpenAIChunkScan()
        var seen = KeysSeen()
        guard scanner.enterObject() else { return nil }
        var step = scanner.nextKey(first: true)
        while case .member = step {
            let read: Bool
            if scanner.key(is: "choices") {
                read = seen.first(0) && result.scanChoices(&scanner)
            } else if scanner.key(is: "usage") {
                read = seen.first(1) && result.scanUsage(&scanner)
            } else if scanner.key(is: "error") {
                read = seen.first(2) && scanner.null()
            } else {
                read = scanner.skipValue()
            }
            guard read else { return nil }
            step = scanner.nextKey(first: false)
        }
        guard case .end = step, scanner.atEnd() else { return nil }
        return result
    }

    private mutating func scanChoices(_ scanner: inout JSONScanner) -> Bool {
        if scanner.peek() == 0x6E { return scanner.null() } // null
        guard scanner.enterArray() else { return false }
        var chosen = false
        var step = scanner.nextElement(first: true)
        while case .member = step {
            var choice = OpenAIChunkScan()
            var index: Int?
            guard choice.scanChoice(&scanner, index: &index) else { return false }
            if index == nil || index == 0 {
                guard !chosen else { return false }
                chosen = true
                reasoningContent = choice.reasoningContent
                reasoning = choice.reasoning
                content = choice.content
                refusal = choice.refusal
                finishReason = choice.finishReason
            }
            step = scanner.nextElement(first: false)
        }
        if case .end = step { return true }
        return false
    }

    /// Reads one choice into `self` and its `index` (nil when missing or null).
    private mutating func scanChoice(_ scanner: inout JSONScanner, index: inout Int?) -> Bool {
        guard scanner.enterObject() else { return false }
        var seen = KeysSeen()
        var step = scanner.nextKey(first: true)
        while case .member = step {
            let read: Bool
            if scanner.key(is: "delta") {
                var isObject = false
                read = seen.first(0) && scanner.enterObjectOrNull(&isObject) && (!isObject || scanDelta(&scanner))
            } else if scanner.key(is: "finish_reason") {
                read = seen.first(1) && scanner.read(into: &finishReason)
            } else if scanner.key(is: "index") {
                read = seen.first(2) && scanner.read(into: &index)
            } else {
                read = scanner.skipValue()
            }
            guard read else { return false }
            step = scanner.nextKey(first: false)
        }
        if case .end = step { return true }
        return false
    }

    /// Reads a delta's members, its `{` already consumed.
    private mutating func scanDelta(_ scanner: inout JSONScanner) -> Bool {
        var seen = KeysSeen()
        var step = scanner.nextKey(first: true)
        while case .member = step {
            let read: Bool
            if scanner.key(is: "content") {
                read = seen.first(0) && scanner.read(into: &content)
            } else if scanner.key(is: "reasoning_content") {
                read = seen.first(1) && scanner.read(into: &reasoningContent)
            } else if scanner.key(is: "reasoning") {
                read = seen.first(2) && scanner.read(into: &reasoning)
            } else if scanner.key(is: "refusal") {
                read = seen.first(3) && scanner.read(into: &refusal)
            } else {
                read = scanner.skipValue()
            }
            guard read else { return false }
            step = scanner.nextKey(first: false)
        }
        if case .end = step { return true }
        return false
    }

    private mutating func scanUsage(_ scanner: inout JSONScanner) -> Bool {
        var isObject = false
        guard scanner.enterObjectOrNull(&isObject) else { return false }
        guard isObject else { return true }
        hasUsage = true
        var seen = KeysSeen()
        var step = scanner.nextKey(first: true)
        while case .member = step {
            let read: Bool
            if scanner.key(is: "prompt_tokens") {
                read = seen.first(0) && scanner.read(into: &promptTokens)
            } else if scanner.key(is: "completion_tokens") {
                read = seen.first(1) && scanner.read(into: &completionTokens)
            } else {
                read = scanner.skipValue()
            }
            guard read else { return false }
            step = scanner.nextKey(first: false)
        }
        if case .end = step { return true }
        return false
    }
}
