import Foundation

/// Encodes one JSON object per line for `--json` output: compact, keys sorted so output is
/// stable for scripts and tests, dates as ISO 8601, no escape sequences added.
/// A value; any task may use its own.
public struct JSONLines: Sendable {
    public init() {}

    /// One line of JSON (with the trailing newline) for an encodable value.
    public func line<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        encoder.keyEncodingStrategy = .convertToSnakeCase
        guard let data = try? encoder.encode(value) else {
            return "{\"error\":\"could not encode output\"}\n"
        }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
