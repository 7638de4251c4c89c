/// Makes server text safe to show on one terminal line: control characters (escape
/// sequences included), bidirectional controls and other invisible characters (format
/// characters, default-ignorable code points, tag characters, line and paragraph
/// separators) dropped, whitespace runs made one space, cut to a limit with an ellipsis.
/// Stateless; callable from anywhere.
enum TextSanitizer {
    static func oneLine(_ text: String, limit: Int = 300) -> String {
        var result = String.UnicodeScalarView()
        var pendingSpace = false
        var count = 0
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace {
                pendingSpace = !result.isEmpty
                continue
            }
            if isHidden(scalar) { continue }
            if pendingSpace {
                result.append(" ")
                count += 1
                pendingSpace = false
            }
            if count >= limit {
                result.append("…")
                return String(result)
            }
            result.append(scalar)
            count += 1
        }
        return String(result)
    }

    /// A file name shown in a message: NUL, other controls and invisible or reordering
    /// characters shown as `\u{…}` escapes, long names shortened, then quoted.
    static func quoted(_ name: String) -> String {
        var shown = ""
        for scalar in name.unicodeScalars.prefix(120) {
            if isHidden(scalar) {
                shown += "\\u{" + String(scalar.value, radix: 16) + "}"
            } else {
                shown.unicodeScalars.append(scalar)
            }
        }
        if name.unicodeScalars.count > 120 { shown += "…(\(name.utf8.count) bytes)" }
        return "\"" + shown + "\""
    }

    /// Controls (C0, DEL, C1), format characters (bidi controls, zero-width characters, tags),
    /// other default-ignorable code points, and line and paragraph separators.
    static func isHidden(_ scalar: Unicode.Scalar) -> Bool {
        let properties = scalar.properties
        switch properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator:
            return true
        default:
            return properties.isDefaultIgnorableCodePoint
        }
    }

    /// ALM, LRM, RLM, the embeddings and overrides, and the isolates (all also `isHidden`).
    static func isBidiControl(_ value: UInt32) -> Bool {
        value == 0x061C || value == 0x200E || value == 0x200F
            || (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value)
    }
}
