/// One HTTP header field as sent or received. Names compare case-insensitively through
/// `HTTPHeaders.value(for:)`; the original spelling is kept. A plain value.
public struct HTTPHeader: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

extension Array where Element == HTTPHeader {
    /// The first value of the named header, compared case-insensitively.
    public func value(for name: String) -> String? {
        let wanted = name.lowercased()
        return first { $0.name.lowercased() == wanted }?.value
    }
}
