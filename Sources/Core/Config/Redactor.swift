/// Scrubs every known secret from text before it is shown, logged or stored: defence in
/// depth behind the rule that errors never carry keys. Secrets shorter than
/// `minimumLength` are skipped (they would shred ordinary words). A plain value; any actor
/// may use it.
public struct Redactor: Sendable, Hashable {
    /// What a scrubbed key is replaced with.
    public static let placeholder = "[redacted]"
    public static let minimumLength = 4

    private let secrets: [Secret]

    public init(_ secrets: [Secret]) {
        // Longest first, so a key that contains another is scrubbed whole.
        self.secrets = secrets.filter { $0.count >= Self.minimumLength }.sorted { $0.count > $1.count }
    }

    /// `text` with every occurrence of every secret replaced by `placeholder`.
    public func redact(_ text: String) -> String {
        var result = text
        for secret in secrets where secret.occurs(in: result) {
            result = result.replacing(secret.revealForHTTPHeader(), with: Self.placeholder)
        }
        return result
    }

    /// The error's description with every secret scrubbed.
    public func redact(_ error: any Error) -> String {
        redact(String(describing: error))
    }
}
