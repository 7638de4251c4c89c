/// Any JSON value, decoded without expectations about its type, so that a spec written by
/// a small model (numbers as strings, arrays for prompts) can still be read. A plain value.
enum LenientJSONValue: Sendable, Hashable, Decodable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([LenientJSONValue])
    case object([String: LenientJSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let text = try? container.decode(String.self) {
            self = .string(text)
        } else if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let list = try? container.decode([LenientJSONValue].self) {
            self = .array(list)
        } else {
            self = .object(try container.decode([String: LenientJSONValue].self))
        }
    }

    /// The value as a number: a JSON number, or a string that starts with one (`"7.5"`,
    /// `"20 steps"`, `"512px"`). Nil for anything else or a non-finite number.
    var number: Double? {
        switch self {
        case .number(let value): return value.isFinite ? value : nil
        case .string(let text): return Self.leadingNumber(text)
        default: return nil
        }
    }

    /// The value as an integer (rounded), when it is a number of sane magnitude.
    var integer: Int? {
        guard let value = number, abs(value) < 9e15 else { return nil }
        return Int(value.rounded())
    }

    /// The value as text: a string, a number written out, or an array of those joined with ", ".
    var text: String? {
        switch self {
        case .string(let text): return text
        case .number(let value):
            guard value.isFinite else { return nil }
            return value == value.rounded() && abs(value) < 9e15 ? String(Int(value)) : String(value)
        case .array(let items):
            let parts = items.compactMap(\.text).filter { !$0.isEmpty }
            return parts.isEmpty ? nil : parts.joined(separator: ", ")
        default: return nil
        }
    }

    static func leadingNumber(_ text: String) -> Double? {
        var digits = ""
        var seenDigit = false
        var seenDot = false
        for char in text.trimmingSpaces() {
            if char.isASCII, char.isNumber {
                digits.append(char)
                seenDigit = true
            } else if char == ".", !seenDot {
                digits.append(char)
                seenDot = true
            } else if (char == "-" || char == "+"), digits.isEmpty {
                digits.append(char)
            } else {
                break
            }
        }
        guard seenDigit, let value = Double(digits), value.isFinite else { return nil }
        return value
    }
}

private extension String {
    func trimmingSpaces() -> Substring {
        let start = firstIndex { !$0.isWhitespace } ?? endIndex
        let end = lastIndex { !$0.isWhitespace }.map { index(after: $0) } ?? endIndex
        return start < end ? self[start..<end] : ""
    }
}
