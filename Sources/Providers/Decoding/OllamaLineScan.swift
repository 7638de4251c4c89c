/// The fields `OllamaLineHandler` reads from one NDJSON line, found by `JSONScanner` (the
/// fast path).
///
/// `scan` returns nil — "let JSONSerialization decide" — unless the line is a JSON object the
/// scanner fully checked whose `error` is missing or null, whose `message` is an object or
/// null, and whose fields read are each given at most once with the type the slow path reads
/// (strings, `true`/`false`, plain integers, or null for any of them). A plain value, used on
/// the decoding task.
struct OllamaLineScan {
    typealias JSONString = JSONScanner.JSONString

    /// True when the line has a `message` object; then `content` and `thinking` are its own.
    var hasMessage = false
    var content: JSONString?
    var thinking: JSONString?
    /// `/api/generate`'s top-level `response` and `thinking`.
    var response: JSONString?
    var topThinking: JSONString?
    var done: Bool?
    var doneReason: JSONString?
    var promptEvalCount: Int?
    var evalCount: Int?

    static func scan(_ scanner: inout JSONScanner) -> OllamaLineScan? {
        var result = OllamaLineScan()
        var seen = KeysSeen()
        guard scanner.enterObject() else { return nil }
        var step = scanner.nextKey(first: true)
        while case .member = step {
            guard result.scanMember(&scanner, &seen) else { return nil }
            step = scanner.nextKey(first: false)
        }
        guard case .end = step, scanner.atEnd() else { return nil }
        return result
    }

    private mutating func scanMember(_ scanner: inout JSONScanner, _ seen: inout KeysSeen) -> Bool {
        if scanner.key(is: "message") {
            return seen.first(0) && scanner.enterObjectOrNull(&hasMessage) && (!hasMessage || scanMessage(&scanner))
        }
        if scanner.key(is: "done") { return seen.first(1) && scanner.read(into: &done) }
        if scanner.key(is: "response") { return seen.first(2) && scanner.read(into: &response) }
        if scanner.key(is: "thinking") { return seen.first(3) && scanner.read(into: &topThinking) }
        if scanner.key(is: "done_reason") { return seen.first(4) && scanner.read(into: &doneReason) }
        if scanner.key(is: "prompt_eval_count") { return seen.first(5) && scanner.read(into: &promptEvalCount) }
        if scanner.key(is: "eval_count") { return seen.first(6) && scanner.read(into: &evalCount) }
        if scanner.key(is: "error") { return seen.first(7) && scanner.null() }
        return scanner.skipValue()
    }

    /// Reads the message's members, its `{` already consumed.
    private mutating func scanMessage(_ scanner: inout JSONScanner) -> Bool {
        var seen = KeysSeen()
        var step = scanner.nextKey(first: true)
        while case .member = step {
            let read: Bool
            if scanner.key(is: "content") {
                read = seen.first(0) && scanner.read(into: &content)
            } else if scanner.key(is: "thinking") {
                read = seen.first(1) && scanner.read(into: &thinking)
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
