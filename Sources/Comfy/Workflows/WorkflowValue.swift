/// The type a workflow parameter takes, as a sidecar names it (`"int"`, `"float"`, `"string"`,
/// `"bool"`). A plain value.
public enum ParameterKind: String, Sendable, Hashable, CaseIterable {
    case int
    case float
    case string
    case bool

    /// "an integer", "a number", ... for messages.
    public var phrase: String {
        switch self {
        case .int: return "an integer"
        case .float: return "a number"
        case .string: return "a string"
        case .bool: return "true or false"
        }
    }
}

/// One parameter value given to a workflow (a prompt, a seed, a size...). A plain value.
/// `converted(to:)` applies the only implicit conversions allowed: an integer where a number
/// is expected, an integral number where an integer is expected.
public enum WorkflowValue: Sendable, Hashable, CustomStringConvertible {
    case int(Int64)
    case float(Double)
    case string(String)
    case bool(Bool)

    /// The value as JSON for the API workflow.
    public var json: JSONValue {
        switch self {
        case .int(let number): return .int(number)
        case .float(let number): return .double(number)
        case .string(let text): return .string(text)
        case .bool(let flag): return .bool(flag)
        }
    }

    /// The literal found in an API workflow, if it is a scalar.
    public init?(json: JSONValue) {
        switch json {
        case .int(let number): self = .int(number)
        case .double(let number): self = .float(number)
        case .string(let text): self = .string(text)
        case .bool(let flag): self = .bool(flag)
        default: return nil
        }
    }

    /// The kind this value has as given.
    public var kind: ParameterKind {
        switch self {
        case .int: return .int
        case .float: return .float
        case .string: return .string
        case .bool: return .bool
        }
    }

    /// The value as `kind`, or nil when it is not one (no string parsing here).
    public func converted(to kind: ParameterKind) -> WorkflowValue? {
        switch (self, kind) {
        case (.int, .int), (.float, .float), (.string, .string), (.bool, .bool):
            return self
        case (.int(let number), .float):
            return .float(Double(number))
        case (.float(let number), .int):
            guard number.isFinite, number.rounded() == number, abs(number) < 9.2e18 else { return nil }
            return .int(Int64(number))
        default:
            return nil
        }
    }

    /// Parses text typed by a person (`--set steps=30`) as `kind`. Nil when it does not parse.
    public static func parse(_ text: String, as kind: ParameterKind) -> WorkflowValue? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        switch kind {
        case .string:
            return .string(text)
        case .int:
            if let number = Int64(trimmed) { return .int(number) }
            if let number = Double(trimmed) { return WorkflowValue.float(number).converted(to: .int) }
            return nil
        case .float:
            guard let number = Double(trimmed), number.isFinite else { return nil }
            return .float(number)
        case .bool:
            switch trimmed.lowercased() {
            case "true", "yes", "1", "on": return .bool(true)
            case "false", "no", "0", "off": return .bool(false)
            default: return nil
            }
        }
    }

    /// A number as Double (ints and floats), nil otherwise.
    public var numericValue: Double? {
        switch self {
        case .int(let number): return Double(number)
        case .float(let number): return number
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .int(let number): return String(number)
        case .float(let number): return String(number)
        case .string(let text): return "\"\(text)\""
        case .bool(let flag): return String(flag)
        }
    }
}

private extension String {
    func trimmingCharacters(in set: Set<Character>) -> String {
        var text = Substring(self)
        while let first = text.first, set.contains(first) { text = text.dropFirst() }
        while let last = text.last, set.contains(last) { text = text.dropLast() }
        return String(text)
    }
}

private extension Set where Element == Character {
    static var whitespaces: Set<Character> { [" ", "\t"] }
}

extension WorkflowValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByBooleanLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .float(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}
