import Foundation

/// Reads the theme file format: UTF-8 text, one `key = value` per line; a line whose first
/// non-blank character is `#` is a comment (there are no trailing comments: `#` starts colours).
///
/// ```
/// name = Default dark
/// luna = fg:#d7afff bold
/// statusBar = fg:black bg:#5f87af
/// ```
/// `name` names the theme; every other key is a `ThemeRole`. A value is a list of words:
/// `fg:COLOUR`, `bg:COLOUR` and the attributes `bold dim italic underline reverse`. A colour is
/// `default`, an ANSI name (`red`, `bright-blue`, …), a palette index `0`…`255` or `#rrggbb`.
/// Roles a file leaves out take the base theme's style. Any mistake is a `ThemeError` naming
/// the line. Pure; any actor.
public enum ThemeParser {
    /// Parses `text`; `source` names it in errors; missing roles come from `base`.
    public static func parse(_ text: String, source: String, base: Theme? = nil) throws(ThemeError) -> Theme {
        var name = source
        var styles = base?.styles ?? [:]
        var seenRoles = Set<ThemeRole>()
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = offset + 1
            let trimmed = rawLine.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            guard let equals = trimmed.firstIndex(of: "=") else {
                throw ThemeError(source: source, line: lineNumber, message: "expected `key = value`, found '\(trimmed.prefix(40))'")
            }
            let key = trimmed[..<equals].trimmingCharacters(in: .whitespaces)
            let value = trimmed[trimmed.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if key == "name" {
                name = value
                continue
            }
            guard let role = ThemeRole(rawValue: key) else {
                throw ThemeError(source: source, line: lineNumber,
                                 message: "unknown role '\(key.prefix(40))' (roles: \(ThemeRole.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            if seenRoles.contains(role) {
                throw ThemeError(source: source, line: lineNumber, message: "role '\(key)' is set twice")
            }
            seenRoles.insert(role)
            styles[role] = try parseStyle(value, source: source, line: lineNumber)
        }
        let missing = ThemeRole.allCases.filter { styles[$0] == nil }
        if let first = missing.first {
            throw ThemeError(source: source, line: 0, message: "role '\(first.rawValue)' is not set (\(missing.count) missing)")
        }
        return Theme(name: name, styles: styles)
    }

    /// Parses one style value (`fg:red bg:#101010 bold`).
    static func parseStyle(_ value: String, source: String, line: Int) throws(ThemeError) -> Style {
        var style = Style()
        for word in value.split(separator: " ", omittingEmptySubsequences: true) {
            let lowered = word.lowercased()
            if lowered.hasPrefix("fg:") {
                style.foreground = try parseColor(String(lowered.dropFirst(3)), source: source, line: line)
            } else if lowered.hasPrefix("bg:") {
                style.background = try parseColor(String(lowered.dropFirst(3)), source: source, line: line)
            } else if let attribute = TextAttributes.named.first(where: { $0.0 == lowered }) {
                style.attributes.insert(attribute.1)
            } else {
                throw ThemeError(source: source, line: line,
                                 message: "unknown word '\(word.prefix(40))' (use fg:COLOUR, bg:COLOUR, bold, dim, italic, underline, reverse)")
            }
        }
        return style
    }

    /// Parses one colour word.
    static func parseColor(_ word: String, source: String, line: Int) throws(ThemeError) -> Color {
        if word == "default" { return .default }
        if let index = Color.ansiNames.firstIndex(of: word) { return .ansi(UInt8(index)) }
        if word.hasPrefix("bright-"), let index = Color.ansiNames.firstIndex(of: String(word.dropFirst(7))) {
            return .ansi(UInt8(index + 8))
        }
        if let number = Int(word), (0...255).contains(number) { return .indexed(UInt8(number)) }
        if word.hasPrefix("#"), word.count == 7, let value = UInt32(word.dropFirst(), radix: 16) {
            return .rgb(UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF))
        }
        throw ThemeError(source: source, line: line,
                         message: "unknown colour '\(word.prefix(40))' (use default, a name like red or bright-blue, 0-255, or #rrggbb)")
    }
}
