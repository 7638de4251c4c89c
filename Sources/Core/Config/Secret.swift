/// An API key. Printing, interpolating, dumping, reflecting or encoding it shows
/// `Secret(…redacted…)`; the value leaves only through `revealForHTTPHeader()`, called by
/// the HTTP client when it builds the `Authorization`/`x-api-key` header.
///
/// Invariant: the value is non-empty printable ASCII with no spaces (checked by the loader),
/// so it cannot inject a header line. Deliberately not `Decodable`: keys come from the
/// environment or 0600 files, never from JSON. A plain value; any actor may hold one.
public struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable, Encodable {
    private let value: String

    public init(_ value: String) {
        self.value = value
    }

    /// What every textual form shows instead of the value.
    public static let redactedText = "Secret(…redacted…)"

    /// The key itself, for the request header and nothing else.
    public func revealForHTTPHeader() -> String { value }

    /// The number of characters, for checks that must not see the value.
    public var count: Int { value.count }

    public var description: String { Self.redactedText }
    public var debugDescription: String { Self.redactedText }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(Self.redactedText)
    }

    /// Does `text` contain this secret? (For redaction; never reveals the value.)
    func occurs(in text: String) -> Bool { !value.isEmpty && text.contains(value) }
}
