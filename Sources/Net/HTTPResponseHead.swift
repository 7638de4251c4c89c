/// The status and headers of the final response (interim 1xx responses are skipped).
/// Header names are kept as the server spelled them; look them up with `headers.value(for:)`.
/// A plain value.
public struct HTTPResponseHead: Sendable, Hashable {
    /// The status code, e.g. 200 or 503.
    public var status: Int
    /// The header fields in arrival order.
    public var headers: [HTTPHeader]

    public init(status: Int, headers: [HTTPHeader]) {
        self.status = status
        self.headers = headers
    }
}
