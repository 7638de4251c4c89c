/// A JSON value to be written by a fake server, with object keys kept in the order given (real
/// servers differ in key order and spacing, and the recorded fixtures show both). `slot` marks
/// where a token's text goes in a per-token template (see `FakeTokenSource`). A plain value;
/// encoding is pure and callable from any thread.
indirect enum JSONOut {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    /// Bytes written verbatim (already valid JSON, or deliberately not).
    case raw([UInt8])
    /// A placeholder for a token's quoted text; encodes as the single byte 0x00, which the
    /// encoder never produces otherwise (control characters are always escaped).
    case slot
    case array([JSONOut])
    case object([(String, JSONOut)])

    static let slotByte: UInt8 = 0

    /// The encoded bytes in the given style.
    func encoded(_ style: JSONStyle) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(into: &out, style)
        return out
    }

    /// The encoded text in the given style (for whole bodies).
    func text(_ style: JSONStyle) -> String {
        String(decoding: encoded(style), as: UTF8.self)
    }

    private func write(into out: inout [UInt8], _ style: JSONStyle) {
        switch self {
        case .null: out += Array("null".utf8)
        case .bool(let value): out += Array((value ? "true" : "false").utf8)
        case .int(let value): out += Array(String(value).utf8)
        case .double(let value): out += Array((value.isFinite ? "\(value)" : "null").utf8)
        case .string(let value): JSONOut.quote(value, style.escaping, into: &out)
        case .raw(let bytes): out += bytes
        case .slot: out.append(Self.slotByte)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { out += style.itemSeparator }
                item.write(into: &out, style)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let pairs):
            out.append(UInt8(ascii: "{"))
            for (index, pair) in pairs.enumerated() {
                if index > 0 { out += style.itemSeparator }
                JSONOut.quote(pair.0, style.escaping, into: &out)
                out += style.keySeparator
                pair.1.write(into: &out, style)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Appends `text` as a quoted JSON string.
    static func quote(_ text: String, _ escaping: JSONEscaping, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        switch escaping {
        case .plain, .go:
            let bytes = Array(text.utf8)
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                // U+2028 / U+2029 are E2 80 A8 / E2 80 A9; Go escapes them.
                if escaping == .go, byte == 0xE2, index + 2 < bytes.count, bytes[index + 1] == 0x80,
                   bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9 {
                    out += Array((bytes[index + 2] == 0xA8 ? "\\u2028" : "\\u2029").utf8)
                    index += 3
                    continue
                }
                appendEscaped(byte, escaping, into: &out)
                index += 1
            }
        case .ascii:
            for scalar in text.unicodeScalars {
                let value = scalar.value
                if value < 0x80 && value != 0x7F {
                    appendEscaped(UInt8(value), escaping, into: &out)
                } else if value <= 0xFFFF {
                    appendUnicodeEscape(UInt16(value), into: &out)
                } else {
                    let offset = value - 0x10000
                    appendUnicodeEscape(UInt16(0xD800 + (offset >> 10)), into: &out)
                    appendUnicodeEscape(UInt16(0xDC00 + (offset & 0x3FF)), into: &out)
                }
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    private static func appendEscaped(_ byte: UInt8, _ escaping: JSONEscaping, into out: inout [UInt8]) {
        switch byte {
        case UInt8(ascii: "\""): out += [0x5C, 0x22]
        case UInt8(ascii: "\\"): out += [0x5C, 0x5C]
        case 0x0A: out += [0x5C, UInt8(ascii: "n")]
        case 0x0D: out += [0x5C, UInt8(ascii: "r")]
        case 0x09: out += [0x5C, UInt8(ascii: "t")]
        case 0x08: out += [0x5C, UInt8(ascii: "b")]
        case 0x0C: out += [0x5C, UInt8(ascii: "f")]
        case 0x00..<0x20: appendUnicodeEscape(UInt16(byte), into: &out)
        case UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"):
            if escaping == .go { appendUnicodeEscape(UInt16(byte), into: &out) } else { out.append(byte) }
        default: out.append(byte)
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private static func appendUnicodeEscape(_ unit: UInt16, into out: inout [UInt8]) {
        out += [0x5C, UInt8(ascii: "u")]
        for shift in stride(from: 12, through: 0, by: -4) {
            out.append(hexDigits[Int((unit >> UInt16(shift)) & 0xF)])
        }
    }
}

/// How a real server escapes strings: `plain` (raw UTF-8; OpenAI, Anthropic), `go`
/// (Ollama's encoding/json: also `<`, `>`, `&`, U+2028, U+2029) or `ascii` (Python's
/// `json.dumps` default: every non-ASCII scalar as `\uXXXX`, surrogate pairs above U+FFFF).
enum JSONEscaping: Equatable {
    case plain
    case go
    case ascii
}

/// Spacing and escaping of one server's JSON. `compact` is `{"a":1,"b":2}`; `python` is
/// `json.dumps`'s default `{"a": 1, "b": 2}` (as in the recorded llama.cpp stream).
struct JSONStyle {
    var spaced: Bool
    var escaping: JSONEscaping

    static let compact = JSONStyle(spaced: false, escaping: .plain)
    static let go = JSONStyle(spaced: false, escaping: .go)
    static let python = JSONStyle(spaced: true, escaping: .ascii)

    var itemSeparator: [UInt8] { spaced ? [UInt8(ascii: ","), UInt8(ascii: " ")] : [UInt8(ascii: ",")] }
    var keySeparator: [UInt8] { spaced ? [UInt8(ascii: ":"), UInt8(ascii: " ")] : [UInt8(ascii: ":")] }
}
