/// A complete response: head plus the whole body. Any status, including 4xx and 5xx, is a
/// response, not an error. A plain value.
public struct HTTPResponse: Sendable {
    /// Status and headers.
    public var head: HTTPResponseHead
    /// The whole (decoded) body.
    public var body: [UInt8]

    public init(head: HTTPResponseHead, body: [UInt8]) {
        self.head = head
        self.body = body
    }

    /// The status code (shorthand for `head.status`).
    public var status: Int { head.status }

    /// The body decoded as UTF-8 (invalid sequences repaired).
    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}
