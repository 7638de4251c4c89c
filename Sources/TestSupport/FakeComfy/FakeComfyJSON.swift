import Foundation

/// A JSON value for the fake ComfyUI: Sendable (so it can live in the fake's locked state),
/// objects keep their insertion order when built in code (as Python's `json.dumps` does),
/// parsed objects are sorted by key. A plain value.
public indirect enum FakeComfyJSON: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    case uint(UInt64)
    case double(Double)
    case string(String)
    case array([FakeComfyJSON])
    case object([(String, FakeComfyJSON)])

    public static func == (lhs: FakeComfyJSON, rhs: FakeComfyJSON) -> Bool { lhs.text == rhs.text }
    public func hash(into hasher: inout Hasher) { hasher.combine(text) }

    /// Parses JSON text; nil when it is not JSON.
    public static func parse(_ bytes: [UInt8]) -> FakeComfyJSON? {
        guard !bytes.isEmpty else { return nil }
        return try? JSONDecoder().decode(FakeComfyJSON.self, from: Data(bytes))
    }

    /// The member of an object.
    public subscript(key: String) -> FakeComfyJSON? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.0 == key }?.1
    }

    public var string: String? { if case .string(let text) = self { return text } else { return nil } }
    public var array: [FakeComfyJSON]? { if case .array(let items) = self { return items } else { return nil } }
    public var members: [(String, FakeComfyJSON)]? { if case .object(let members) = self { return members } else { return nil } }
    public var bool: Bool? { if case .bool(let flag) = self { return flag } else { return nil } }

    /// A number as Double.
    public var number: Double? {
        switch self {
        case .int(let value): return Double(value)
        case .uint(let value): return Double(value)
        case .double(let value): return value
        default: return nil
        }
    }

    /// An integral number as Int64.
    public var integer: Int64? {
        switch self {
        case .int(let value): return value
        case .uint(let value): return value <= UInt64(Int64.max) ? Int64(value) : nil
        case .double(let value): return value.rounded() == value && abs(value) < 9e18 ? Int64(value) : nil
        default: return nil
        }
    }

    /// Compact JSON text in member order, with Python's `", "`/`": "` separators.
    public var text: String {
        var out = ""
        write(into: &out)
        return out
    }

    private func write(into out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let flag): out += flag ? "true" : "false"
        case .int(let value): out += String(value)
        case .uint(let value): out += String(value)
        case .double(let value):
            if value.isFinite {
                out += value.rounded() == value && abs(value) < 1e15 ? String(format: "%.1f", value) : String(value)
            } else {
                out += "null"
            }
        case .string(let text): Self.writeString(text, into: &out)
        case .array(let items):
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += ", " }
                item.write(into: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (index, member) in members.enumerated() {
                if index > 0 { out += ", " }
                Self.writeString(member.0, into: &out)
                out += ": "
                member.1.write(into: &out)
            }
            out += "}"
        }
    }

    private static func writeString(_ text: String, into out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || scalar.value > 0x7E {
                    if scalar.value > 0xFFFF {
                        let value = scalar.value - 0x10000
                        out += String(format: "\\u%04x\\u%04x", 0xD800 + (value >> 10), 0xDC00 + (value & 0x3FF))
                    } else {
                        out += String(format: "\\u%04x", scalar.value)
                    }
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}

extension FakeComfyJSON: Decodable {
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let value = try? container.decode(Int64.self) {
            self = .int(value)
        } else if let value = try? container.decode(UInt64.self) {
            self = .uint(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let text = try? container.decode(String.self) {
            self = .string(text)
        } else if let items = try? container.decode([FakeComfyJSON].self) {
            self = .array(items)
        } else {
            let members = try container.decode([String: FakeComfyJSON].self)
            self = .object(members.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        }
    }
}

extension FakeComfyJSON: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByFloatLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: FakeComfyJSON...) { self = .array(elements) }
    public init(floatLiteral value: Double) { self = .double(value) }
}
