/// One HTTP request to make: method, absolute `http`/`https` URL, headers, optional body,
/// time limits and the largest response body accepted. A plain value; header values may hold
/// secrets and are never copied into errors.
public struct HTTPRequest: Sendable {
    /// "GET", "POST", or any other token (sent as a custom method).
    public var method: String
    /// An absolute http:// or https:// URL.
    public var url: String
    /// Request headers, sent in order. Names and values must not contain CR, LF or NUL.
    public var headers: [HTTPHeader]
    /// The request body; nil sends none.
    public var body: [UInt8]?
    /// Connect, first-byte and stall limits.
    public var timeouts: HTTPTimeouts
    /// The largest (decoded) response body accepted; beyond it the transfer fails with `tooLarge`.
    public var maxResponseBytes: Int

    public init(
        method: String = "GET", url: String, headers: [HTTPHeader] = [], body: [UInt8]? = nil,
        timeouts: HTTPTimeouts = .init(), maxResponseBytes: Int = 64 << 20
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeouts = timeouts
        self.maxResponseBytes = maxResponseBytes
    }
}
