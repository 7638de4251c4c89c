import Foundation

/// A parsed JSON value as a fake server received it, for assertions on request bodies
/// (`record.json?["model"]?.string == "llama3.2"`). Numbers are `Double` (exact up to 2^53).
/// Booleans and numbers are kept apart (`1` is never `true`). A plain value; any thread.
public enum FakeJSON: Sendable, Hashable, Decodable, CustomStringConvertible {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([FakeJSON])
    case object([String: FakeJSON])

    /// Parses bytes; nil when they are empty or not JSON.
    public static func parse(_ bytes: [UInt8]) -> FakeJSON? {
        guard !bytes.isEmpty else { return nil }
        return try? JSONDecoder().decode(FakeJSON.self, from: Data(bytes))
    }

    /// Parses text; nil when it is not JSON.
    public static func parse(_ text: String) -> FakeJSON? { parse(Array(text.utf8)) }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([FakeJSON].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: FakeJSON].self))
        }
    }

    /// The member named `key` of an object; nil for a missing key or a non-object.
    public subscript(key: String) -> FakeJSON? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// The element at `index` of an array; nil when out of range or not an array.
    public subscript(index: Int) -> FakeJSON? {
        if case .array(let items) = self, items.indices.contains(index) { return items[index] }
        return nil
    }

    public var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    public var number: Double? {
        if case .number(let value) = self { return value }
        return nil
    }

    /// The number as an `Int` when it is integral.
    public var int: Int? {
        guard let value = number, value.rounded() == value, abs(value) < 9.0e15 else { return nil }
        return Int(value)
    }

    public var bool: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    public var array: [FakeJSON]? {
        if case .array(let items) = self { return items }
        return nil
    }

    public var object: [String: FakeJSON]? {
        if case .object(let members) = self { return members }
        return nil
    }

    public var isNull: Bool { self == .null }

    /// Object keys, sorted (handy for comparing event shapes).
    public var keys: [String] { object.map { $0.keys.sorted() } ?? [] }

    public var description: String {
        switch self {
        case .null: return "null"
        case .bool(let value): return String(value)
        case .number(let value): return int.map(String.init) ?? String(value)
        case .string(let value): return "\"\(value)\""
        case .array(let items): return "[" + items.map(\.description).joined(separator: ",") + "]"
        case .object(let members):
            return "{" + members.keys.sorted().map { "\"\($0)\":\(members[$0]?.description ?? "null")" }
                .joined(separator: ",") + "}"
        }
    }
}
