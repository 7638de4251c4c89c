import Foundation

/// Several measurements of one quantity, in the unit of the row that holds them, with the
/// median and the range the report prints. A plain value; empty only for rows not measured.
struct Samples: Sendable {
    var values: [Double]

    init(_ values: [Double]) {
        self.values = values
    }

    var isEmpty: Bool { values.isEmpty }

    /// The middle value (the mean of the two middle ones for an even count); 0 when empty.
    var median: Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    var min: Double { values.min() ?? 0 }
    var max: Double { values.max() ?? 0 }

    /// The value at quantile `q` (0...1), nearest rank; 0 when empty.
    func quantile(_ q: Double) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((q * Double(sorted.count)).rounded(.up)) - 1
        return sorted[Swift.min(Swift.max(0, rank), sorted.count - 1)]
    }

    /// Every value transformed (unit changes).
    func map(_ transform: (Double) -> Double) -> Samples { Samples(values.map(transform)) }
}

/// The unit a row's samples are in, and how it prints.
enum BenchUnit: String, Sendable {
    case microseconds = "µs"
    case milliseconds = "ms"
    case seconds = "s"
    case megabytes = "MB"
    case ratio = "×"

    /// `value` with a sensible number of digits and the unit.
    func format(_ value: Double) -> String {
        let digits: Int
        switch abs(value) {   // by the value as it will be rounded: 9.999 prints as 10.0
        case 99.5...: digits = 0
        case 9.995..<99.5: digits = 1
        default: digits = 2
        }
        let number = String(format: "%.\(digits)f", value)
        return self == .ratio ? "\(number)×" : "\(number) \(rawValue)"
    }
}
