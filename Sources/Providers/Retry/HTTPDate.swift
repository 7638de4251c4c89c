import Foundation

/// Parses the three HTTP date formats of RFC 7231 §7.1.1.1 without a locale or formatter:
/// IMF-fixdate `Sun, 06 Nov 1994 08:49:37 GMT`, RFC 850 `Sunday, 06-Nov-94 08:49:37 GMT`
/// and asctime `Sun Nov  6 08:49:37 1994`. Stateless; callable from anywhere.
public enum HTTPDate {
    /// The instant `text` names, or nil when it is none of the three formats (or not a real
    /// date). An RFC 850 two-digit year is put in the century that keeps it at most 50 years
    /// after `now` (RFC 7231).
    public static func parse(_ text: String, now: Date = Date()) -> Date? {
        let fields = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        switch fields.count {
        case 6:  // Sun, 06 Nov 1994 08:49:37 GMT
            guard fields[0].hasSuffix(","), weekday(fields[0].dropLast()), fields[5] == "GMT",
                  fields[1].count == 2, let day = Int(fields[1]), let month = month(fields[2]),
                  fields[3].count == 4, let year = Int(fields[3]) else { return nil }
            return make(year: year, month: month, day: day, time: fields[4])
        case 4:  // Sunday, 06-Nov-94 08:49:37 GMT
            guard fields[0].hasSuffix(","), weekday(fields[0].dropLast()), fields[3] == "GMT" else { return nil }
            let parts = fields[1].split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 3, parts[0].count == 2, let day = Int(parts[0]), let month = month(String(parts[1])),
                  parts[2].count == 2, let shortYear = Int(parts[2]) else { return nil }
            return make(year: fullYear(shortYear, now: now), month: month, day: day, time: fields[2])
        case 5:  // Sun Nov  6 08:49:37 1994
            guard weekday(Substring(fields[0])), let month = month(fields[1]), (1...2).contains(fields[2].count),
                  let day = Int(fields[2]), fields[4].count == 4, let year = Int(fields[4]) else { return nil }
            return make(year: year, month: month, day: day, time: fields[3])
        default:
            return nil
        }
    }

    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    private static let weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    private static let longWeekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

    private static func month(_ text: String) -> Int? {
        months.firstIndex(of: text.lowercased()).map { $0 + 1 }
    }

    private static func weekday(_ text: Substring) -> Bool {
        let lower = text.lowercased()
        return weekdays.contains(lower) || longWeekdays.contains(lower)
    }

    private static func fullYear(_ shortYear: Int, now: Date) -> Int {
        let nowYear = civil(fromDays: Int((now.timeIntervalSince1970 / 86_400).rounded(.down))).year
        var year = nowYear - nowYear % 100 + shortYear
        if year > nowYear + 50 { year -= 100 }
        return year
    }

    /// `HH:MM:SS` on the given day, as a UTC instant; nil for an impossible date or time.
    private static func make(year: Int, month: Int, day: Int, time: String) -> Date? {
        let parts = time.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy({ $0.count == 2 }),
              let hour = Int(parts[0]), let minute = Int(parts[1]), let second = Int(parts[2]),
              (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second),
              (1...9999).contains(year), day >= 1, day <= daysIn(month: month, year: year) else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        return Date(timeIntervalSince1970: Double(days * 86_400 + hour * 3_600 + minute * 60 + second))
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The inverse of `daysFromCivil` (only the year is needed).
    private static func civil(fromDays days: Int) -> (year: Int, month: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month)
    }
}
