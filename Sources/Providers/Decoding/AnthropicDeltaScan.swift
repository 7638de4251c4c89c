/// The fields `AnthropicEventHandler` reads from a `content_block_delta` event, found by
/// `JSONScanner` (the fast path).
///
/// `scan` returns nil — "let JSONSerialization decide" — unless the data is a JSON object the
/// scanner fully checked whose `type` is a string or null, whose `delta` is an object or null,
/// and whose delta's `type`, `text` and `thinking` are strings or null, each given at most
/// once. A plain value, used on the decoding task.
struct AnthropicDeltaScan {
    typealias JSONString = JSONScanner.JSONString

    /// The event's own `type` (used when the SSE event has no name).
    var type: JSONString?
    /// `delta.type`, `delta.text`, `delta.thinking` (nil when missing or null, or no delta).
    var deltaType: JSONString?
    var text: JSONString?
    var thinking: JSONString?

    static func scan(_ scanner: inout JSONScanner) -> AnthropicDeltaScan? {
        var result = AnthropicDeltaScan()
        var seen = KeysSeen()
        guard scanner.enterObject() else { return nil }
        var step = scanner.nextKey(first: true)
        while case .member = step {
            let read: Bool
            if scanner.key(is: "delta") {
                var isObject = false
                read = seen.first(0) && scanner.enterObjectOrNull(&isObject) && (!isObject || result.scanDelta(&scanner))
            } else if scanner.key(is: "type") {
                read = seen.first(1) && scanner.read(into: &result.type)
            } else {
                read = scanner.skipValue()
            }
            guard read else { return nil }
            step = scanner.nextKey(first: false)
        }
        guard case .end = step, scanner.atEnd() else { return nil }
        return result
    }

    /// Reads the delta's members, its `{` already consumed.
    private mutating func scanDelta(_ scanner: inout JSONScanner) -> Bool {
        var seen = KeysSeen()
        var step = scanner.nextKey(first: true)
        while case .member = step {
            let read: Bool
            if scanner.key(is: "text") {
                read = seen.first(0) && scanner.read(into: &text)
            } else if scanner.key(is: "type") {
                read = seen.first(1) && scanner.read(into: &deltaType)
            } else if scanner.key(is: "thinking") {
                read = seen.first(2) && scanner.read(into: &thinking)
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
