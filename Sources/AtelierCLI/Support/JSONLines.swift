import Foundation

/// Encodes one JSON object per line for `--json` output: compact, keys sorted so output is
/// stable for scripts and tests, dates as ISO 8601, no escape sequences added.
///
/// Invariant: a line holds no character a terminal could act on or hide, even when `--json`
/// output goes to a terminal. The encoder already escapes C0 controls; DEL, C1 controls
/// (U+0080–U+009F), bidirectional and other format characters, default-ignorable code
/// points, line and paragraph separators and tag characters are written as `\uXXXX`
/// escapes too (surrogate pairs above U+FFFF). Decoding gives back exactly the same strings.
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
        return Self.escapingInvisible(String(decoding: data, as: UTF8.self)) + "\n"
    }

    /// `json` with every scalar that `mustEscape` names written as a `\uXXXX` escape. Such
    /// scalars only occur inside JSON strings (the encoder writes structure in ASCII), where
    /// the escape means the same character.
    static func escapingInvisible(_ json: String) -> String {
        guard json.unicodeScalars.contains(where: mustEscape) else { return json }
        var result = String.UnicodeScalarView()
        for scalar in json.unicodeScalars {
            guard mustEscape(scalar) else {
                result.append(scalar)
                continue
            }
            for unit in String(scalar).utf16 {
                let hex = String(unit, radix: 16, uppercase: false)
                let escape = "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                result.append(contentsOf: escape.unicodeScalars)
            }
        }
        return String(result)
    }

    /// True for DEL, C1 controls, format characters (bidi controls, zero-width characters,
    /// tags), other default-ignorable code points, and line and paragraph separators.
    static func mustEscape(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x7F { return false }
        if value <= 0x9F { return true }
        let properties = scalar.properties
        switch properties.generalCategory {
        case .format, .lineSeparator, .paragraphSeparator: return true
        default: return properties.isDefaultIgnorableCodePoint
        }
    }
}
