import Foundation

/// One request as a fake server logged it, before answering (rejected requests included).
/// Headers are kept as sent, so a test can check an API key arrived; do not print records
/// from tests that use real keys. A plain value.
public struct FakeRequestRecord: Sendable {
    public var method: String
    /// The raw target, e.g. `/v1/chat/completions?x=1`.
    public var target: String
    /// The target without its query.
    public var path: String
    /// Header fields in arrival order, names as spelled by the client.
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    /// The body parsed as JSON; nil when empty or not JSON.
    public var json: FakeJSON?
    /// Wall-clock time the request was received.
    public var receivedAt: Date
    /// Monotonic seconds (same clock for every record of the process), for intervals between requests.
    public var receivedMonotonic: Double

    public init(method: String, target: String, path: String, headers: [(name: String, value: String)],
                body: [UInt8], json: FakeJSON?, receivedAt: Date, receivedMonotonic: Double) {
        self.method = method
        self.target = target
        self.path = path
        self.headers = headers
        self.body = body
        self.json = json
        self.receivedAt = receivedAt
        self.receivedMonotonic = receivedMonotonic
    }

    init(_ request: HTTPServerRequest) {
        self.init(method: request.method, target: request.target, path: request.path, headers: request.headers,
                  body: request.body, json: FakeJSON.parse(request.body), receivedAt: Date(),
                  receivedMonotonic: SocketIO.monotonicSeconds())
    }

    /// The first value of the named header, compared case-insensitively.
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }

    /// The body decoded as UTF-8 (invalid sequences repaired).
    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}
