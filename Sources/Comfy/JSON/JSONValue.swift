import Foundation

/// A JSON document as a value: what ComfyUI sends and accepts (API workflows, history,
/// WebSocket messages). Integers that fit `Int64` stay integers (so node ids, seeds and sizes
/// round-trip exactly); other numbers are `Double`. Object keys are unordered; `encoded()`
/// writes them sorted so output is stable. A plain value, safe to pass anywhere.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Parses UTF-8 JSON text (any top-level value). Throws `JSONValueError` with a short reason.
    public static func parse(_ bytes: [UInt8]) throws(JSONValueError) -> JSONValue {
        try parse(Data(bytes))
    }

    /// Parses UTF-8 JSON text (any top-level value). Throws `JSONValueError` with a short reason.
    public static func parse(_ data: Data) throws(JSONValueError) -> JSONValue {
        guard !data.isEmpty else { throw JSONValueError(reason: "empty body") }
        do {
            return try JSONDecoder().decode(JSONValue.self, from: data)
        } catch let error as DecodingError {
            throw JSONValueError(reason: Self.describe(error))
        } catch {
            throw JSONValueError(reason: "\(error)")
        }
    }

    /// Compact JSON text with sorted keys.
    public func encoded() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding a JSONValue cannot fail except for non-finite doubles, which `encode` writes as null.
        return (try? Array(encoder.encode(self))) ?? Array("null".utf8)
    }

    /// `encoded()` as a String.
    public var text: String { String(decoding: encoded(), as: UTF8.self) }

    // MARK: Accessors

    /// The member of an object, nil for anything else or a missing key.
    public subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    public var objectValue: [String: JSONValue]? {
        if case .object(let members) = self { return members }
        return nil
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let items) = self { return items }
        return nil
    }

    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    public var boolValue: Bool? {
        if case .bool(let flag) = self { return flag }
        return nil
    }

    /// An integer, or an integral double within `Int64`.
    public var intValue: Int64? {
        switch self {
        case .int(let number): return number
        case .double(let number):
            guard number.isFinite, number.rounded() == number, abs(number) < 9.2e18 else { return nil }
            return Int64(number)
        default: return nil
        }
    }

    /// Any number as a Double.
    public var doubleValue: Double? {
        switch self {
        case .int(let number): return Double(number)
        case .double(let number): return number
        default: return nil
        }
    }

    public var isNull: Bool { self == .null }

    /// A short name of the kind of value, for messages ("a string", "a link", ...).
    public var kindDescription: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .int: return "an integer"
        case .double: return "a number"
        case .string: return "a string"
        case .array(let items) where items.count == 2: return "a link or a 2-element list"
        case .array: return "a list"
        case .object: return "an object"
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .dataCorrupted(let context):
            if let underlying = context.underlyingError { return "not valid JSON (\(underlying.localizedDescription))" }
            return "not valid JSON (\(context.debugDescription))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .keyNotFound(_, let context):
            return "unexpected JSON shape (\(context.debugDescription))"
        @unknown default:
            return "not valid JSON"
        }
    }
}

/// JSON text that could not be parsed. `reason` is one line.
public struct JSONValueError: Error, Sendable, CustomStringConvertible {
    public var reason: String
    public var description: String { reason }
}

extension JSONValue: Codable {
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let number = try? container.decode(Int64.self) {
            self = .int(number)
        } else if let number = try? container.decode(Double.self) {
            self = .double(number)
        } else if let text = try? container.decode(String.self) {
            self = .string(text)
        } else if let items = try? container.decode([JSONValue].self) {
            self = .array(items)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let flag): try container.encode(flag)
        case .int(let number): try container.encode(number)
        case .double(let number):
            if number.isFinite { try container.encode(number) } else { try container.encodeNil() }
        case .string(let text): try container.encode(text)
        case .array(let items): try container.encode(items)
        case .object(let members): try container.encode(members)
        }
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        var members: [String: JSONValue] = [:]
        for (key, value) in elements { members[key] = value }
        self = .object(members)
    }
}
