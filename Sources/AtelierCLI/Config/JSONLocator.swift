/// Reads JSON text once, without building values, to say *where* things are: the first
/// syntax error (1-based line and column, columns counted in characters) and the line of
/// every object member by its path. Foundation's decoder on Linux reports neither, so the
/// config loader uses this to point at the line to fix.
///
/// Accepts what Foundation accepts that strict JSON does not (a trailing comma, a UTF-8
/// byte-order mark). Nesting deeper than `maximumDepth` is an error, so hostile input
/// cannot exhaust the stack. A plain value, built and read by one caller.
struct JSONLocator {
    /// Where the text stops being JSON (1-based line and column) and why.
    struct SyntaxError: Sendable, Hashable {
        var line: Int
        var column: Int
        var message: String
    }

    static let maximumDepth = 64

    /// The first syntax error, or nil when the text is well-formed.
    private(set) var syntaxError: SyntaxError?
    /// Every object member in document order: its path (keys, array indices as decimal) and line.
    private(set) var members: [(path: [String], line: Int)] = []
    /// Whether the top-level value is an object.
    private(set) var topLevelIsObject = false

    private let bytes: [UInt8]
    private var position = 0
    private var line = 1
    private var lineStart = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3; lineStart = 3 }
        skipWhitespace()
        topLevelIsObject = peek == UInt8(ascii: "{")
        guard parseValue(path: [], depth: 0) else { return }
        skipWhitespace()
        if position < bytes.count { fail("unexpected text after the end of the JSON value") }
    }

    /// The line of the member at `path`, or of its nearest enclosing member.
    func line(of path: [String]) -> Int? {
        var path = path
        while !path.isEmpty {
            if let found = members.last(where: { $0.path == path }) { return found.line }
            path.removeLast()
        }
        return nil
    }

    private var peek: UInt8? { position < bytes.count ? bytes[position] : nil }

    private mutating func fail(_ message: String) {
        guard syntaxError == nil else { return }
        let column = bytes[lineStart..<min(position, bytes.count)].reduce(1) { $1 & 0xC0 == 0x80 ? $0 : $0 + 1 }
        syntaxError = SyntaxError(line: line, column: column, message: message)
    }

    private mutating func skipWhitespace() {
        while let byte = peek {
            switch byte {
            case UInt8(ascii: "\n"):
                line += 1
                lineStart = position + 1
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                break
            default:
                return
            }
            position += 1
        }
    }

    private mutating func parseValue(path: [String], depth: Int) -> Bool {
        guard depth <= Self.maximumDepth else {
            fail("nested more than \(Self.maximumDepth) levels deep")
            return false
        }
        guard let byte = peek else {
            fail("unexpected end of file: a value is missing")
            return false
        }
        switch byte {
        case UInt8(ascii: "{"): return parseContainer(path: path, depth: depth, object: true)
        case UInt8(ascii: "["): return parseContainer(path: path, depth: depth, object: false)
        case UInt8(ascii: "\""): return parseString() != nil
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return parseNumber()
        case UInt8(ascii: "t"): return parseLiteral("true")
        case UInt8(ascii: "f"): return parseLiteral("false")
        case UInt8(ascii: "n"): return parseLiteral("null")
        case UInt8(ascii: "/"):
            fail("comments are not allowed in JSON")
            return false
        default:
            fail(byte == UInt8(ascii: "'") ? "strings need double quotes, not single quotes"
                                           : "unexpected character \(Self.show(byte)): a value is expected")
            return false
        }
    }

    private mutating func parseContainer(path: [String], depth: Int, object: Bool) -> Bool {
        let close = UInt8(ascii: object ? "}" : "]")
        position += 1
        skipWhitespace()
        if peek == close {
            position += 1
            return true
        }
        var index = 0
        while true {
            skipWhitespace()
            var childPath = path
            if object {
                guard peek == UInt8(ascii: "\"") else {
                    fail(peek == UInt8(ascii: "/") ? "comments are not allowed in JSON"
                                                   : "expected a member name in double quotes")
                    return false
                }
                let keyLine = line
                guard let key = parseString() else { return false }
                skipWhitespace()
                guard peek == UInt8(ascii: ":") else {
                    fail("expected ':' after \"\(key)\"")
                    return false
                }
                position += 1
                skipWhitespace()
                childPath.append(key)
                members.append((childPath, keyLine))
            } else {
                childPath.append(String(index))
            }
            guard parseValue(path: childPath, depth: depth + 1) else { return false }
            index += 1
            skipWhitespace()
            switch peek {
            case UInt8(ascii: ","):
                position += 1
                skipWhitespace()
                if peek == close {
                    position += 1
                    return true
                }
            case close:
                position += 1
                return true
            case nil:
                fail("unexpected end of file: '\(object ? "}" : "]")' is missing")
                return false
            default:
                fail("expected ',' or '\(object ? "}" : "]")' (is a comma missing before this?)")
                return false
            }
        }
    }

    /// Parses a string at the opening quote and returns its decoded text.
    private mutating func parseString() -> String? {
        position += 1
        var scalars = String.UnicodeScalarView()
        var raw: [UInt8] = []
        while let byte = peek {
            switch byte {
            case UInt8(ascii: "\""):
                position += 1
                scalars.append(contentsOf: String(decoding: raw, as: UTF8.self).unicodeScalars)
                return String(scalars)
            case UInt8(ascii: "\\"):
                scalars.append(contentsOf: String(decoding: raw, as: UTF8.self).unicodeScalars)
                raw.removeAll()
                guard let escaped = parseEscape() else { return nil }
                scalars.append(escaped)
            case 0..<0x20:
                fail("a string is not closed on its line (or holds a control character)")
                return nil
            default:
                raw.append(byte)
                position += 1
            }
        }
        fail("unexpected end of file inside a string")
        return nil
    }

    private mutating func parseEscape() -> Unicode.Scalar? {
        position += 1
        guard let byte = peek else {
            fail("unexpected end of file inside a string")
            return nil
        }
        position += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): return Unicode.Scalar(byte)
        case UInt8(ascii: "b"): return "\u{8}"
        case UInt8(ascii: "f"): return "\u{C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            return parseUnicodeEscape()
        default:
            position -= 1
            fail("invalid escape \\\(Self.show(byte)) in a string")
            return nil
        }
    }

    /// The scalar of `\uXXXX` (position just after the `u`), a UTF-16 surrogate pair being
    /// two escapes in a row. An unpaired surrogate is an error, as Foundation refuses it.
    private mutating func parseUnicodeEscape() -> Unicode.Scalar? {
        let unpaired = "\\u escapes of UTF-16 surrogates must come in pairs (\\uD800-\\uDBFF then \\uDC00-\\uDFFF)"
        guard let code = hexQuad() else {
            fail("\\u must be followed by four hex digits")
            return nil
        }
        switch code {
        case 0xD800...0xDBFF:
            guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u")
            else {
                fail(unpaired)
                return nil
            }
            position += 2
            guard let low = hexQuad(), (0xDC00...0xDFFF).contains(low) else {
                fail(unpaired)
                return nil
            }
            return Unicode.Scalar(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00))
        case 0xDC00...0xDFFF:
            fail(unpaired)
            return nil
        default:
            return Unicode.Scalar(code)
        }
    }

    /// Four hex digits at the position (consumed), or nil (nothing consumed). Exactly four
    /// digits: `UInt32(_:radix:)` alone would also take a sign (`\u+aae`).
    private mutating func hexQuad() -> UInt32? {
        guard position + 4 <= bytes.count, bytes[position..<position + 4].allSatisfy(Self.isHexDigit),
              let code = UInt32(String(decoding: bytes[position..<position + 4], as: UTF8.self), radix: 16)
        else { return nil }
        position += 4
        return code
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte)
    }

    private mutating func parseNumber() -> Bool {
        let start = position
        if peek == UInt8(ascii: "-") { position += 1 }
        let digitsStart = position
        while let byte = peek, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { position += 1 }
        var valid = position > digitsStart && !(bytes[digitsStart] == UInt8(ascii: "0") && position - digitsStart > 1)
        if valid, peek == UInt8(ascii: ".") {
            position += 1
            let fraction = position
            while let byte = peek, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { position += 1 }
            valid = position > fraction
        }
        if valid, peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            position += 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { position += 1 }
            let exponent = position
            while let byte = peek, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { position += 1 }
            valid = position > exponent
        }
        if !valid {
            position = start
            fail("invalid number")
        }
        return valid
    }

    private mutating func parseLiteral(_ word: String) -> Bool {
        let expected = Array(word.utf8)
        if bytes.count - position >= expected.count && Array(bytes[position..<position + expected.count]) == expected {
            position += expected.count
            return true
        }
        fail("unexpected word: text values need double quotes")
        return false
    }

    private static func show(_ byte: UInt8) -> String {
        (0x21..<0x7F).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x" + String(byte, radix: 16)
    }
}
