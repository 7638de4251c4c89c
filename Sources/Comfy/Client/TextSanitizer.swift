/// Makes server text safe to show on one terminal line: control characters (escape
/// sequences included) dropped, whitespace runs made one space, cut to a limit with an
/// ellipsis. Stateless; callable from anywhere.
enum TextSanitizer {
    static func oneLine(_ text: String, limit: Int = 300) -> String {
        var result = ""
        var pendingSpace = false
        var count = 0
        for character in text {
            if character.isWhitespace {
                pendingSpace = !result.isEmpty
                continue
            }
            if character.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0.properties.generalCategory == .format && $0.value == 0x202E }) {
                continue
            }
            if pendingSpace {
                result.append(" ")
                count += 1
                pendingSpace = false
            }
            if count >= limit {
                result.append("…")
                return result
            }
            result.append(character)
            count += 1
        }
        return result
    }

    /// A file name shown in a message: NUL and other controls, and the bidirectional
    /// controls that would reorder the message around it, shown as `\u{…}` escapes; long
    /// names shortened; then quoted.
    static func quoted(_ name: String) -> String {
        var shown = ""
        for scalar in name.unicodeScalars.prefix(120) {
            if scalar.properties.generalCategory == .control || isBidiControl(scalar.value) {
                shown += "\\u{" + String(scalar.value, radix: 16) + "}"
            } else {
                shown.unicodeScalars.append(scalar)
            }
        }
        if name.unicodeScalars.count > 120 { shown += "…(\(name.utf8.count) bytes)" }
        return "\"" + shown + "\""
    }

    /// ALM, LRM, RLM, the embeddings and overrides, and the isolates.
    static func isBidiControl(_ value: UInt32) -> Bool {
        value == 0x061C || value == 0x200E || value == 0x200F
            || (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value)
    }
}
