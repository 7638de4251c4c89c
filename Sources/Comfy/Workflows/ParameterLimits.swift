/// What values a workflow parameter accepts, as its sidecar's `limits` entry says:
/// `{"min": 64, "max": 2048, "multiple_of": 8}` for numbers, `{"options": [...]}` or
/// `{"max_length": 4000}` for strings. Every field is optional. A plain value.
public struct ParameterLimits: Sendable, Hashable {
    public var min: Double?
    public var max: Double?
    /// Integers must be a multiple of this (e.g. 8 for latent sizes).
    public var multipleOf: Int64?
    /// Strings must be one of these.
    public var options: [String]?
    /// Strings may be at most this many characters.
    public var maxLength: Int?

    public init(min: Double? = nil, max: Double? = nil, multipleOf: Int64? = nil,
                options: [String]? = nil, maxLength: Int? = nil) {
        self.min = min
        self.max = max
        self.multipleOf = multipleOf
        self.options = options
        self.maxLength = maxLength
    }

    /// Why `value` breaks these limits (one clause, e.g. "3000 is above the maximum 2048"), or
    /// nil when it fits.
    public func violation(of value: WorkflowValue) -> String? {
        switch value {
        case .int(let number):
            if let reason = rangeViolation(Double(number), shown: String(number)) { return reason }
            if let step = multipleOf, step > 0, number % step != 0 {
                return "\(number) is not a multiple of \(step)"
            }
            return nil
        case .float(let number):
            return rangeViolation(number, shown: String(number))
        case .string(let text):
            if let options, !options.contains(text) {
                return "\"\(text)\" is not one of \(options.map { "\"\($0)\"" }.joined(separator: ", "))"
            }
            if let maxLength, text.count > maxLength {
                return "the text is \(text.count) characters, more than the \(maxLength) allowed"
            }
            return nil
        case .bool:
            return nil
        }
    }

    /// `value` moved inside the limits (numbers clamped, integers rounded down to the
    /// multiple); nil when it cannot be (a string not in `options`).
    public func clamped(_ value: WorkflowValue) -> WorkflowValue? {
        switch value {
        case .int(var number):
            if let step = multipleOf, step > 0 { number -= number % step }
            if let min, Double(number) < min { number = Int64(min.rounded(.up)) }
            if let max, Double(number) > max { number = Int64(max.rounded(.down)) }
            if let step = multipleOf, step > 0, number % step != 0 {
                number -= number % step
                if let min, Double(number) < min { number += step }
            }
            return violation(of: .int(number)) == nil ? .int(number) : nil
        case .float(var number):
            if let min, number < min { number = min }
            if let max, number > max { number = max }
            return .float(number)
        case .string(let text):
            if let options, !options.contains(text) { return nil }
            if let maxLength, text.count > maxLength { return .string(String(text.prefix(maxLength))) }
            return value
        case .bool:
            return value
        }
    }

    private func rangeViolation(_ number: Double, shown: String) -> String? {
        if !number.isFinite { return "\(shown) is not a finite number" }
        if let min, number < min { return "\(shown) is below the minimum \(Self.show(min))" }
        if let max, number > max { return "\(shown) is above the maximum \(Self.show(max))" }
        return nil
    }

    static func show(_ number: Double) -> String {
        if number.rounded() == number, abs(number) < 1e15 { return String(Int64(number)) }
        return String(number)
    }
}
