import Foundation
import Net
@testable import Providers
import TestSupport

// Invariant checks of the `retryafter` harness, compiled both into the libFuzzer harness by
// `Tests/Fuzz/build.sh` and into ProvidersTests.

/// The `retryafter` harness: the payload is a header value (the first line; a second line,
/// if any, is `x-should-retry`). `RetryPolicy.requestedDelay` is nil or finite for
/// `retry-after` and `retry-after-ms`; `delayBeforeRetry` is nil or a finite delay in
/// [0, max(maxServerDelay, maxBackoff)] and is the server's value exactly when that is in
/// (0, maxServerDelay]; `HTTPDate.parse` gives nil or an instant in years 1–9999 that reads
/// back the same when written as an IMF-fixdate.
enum RetryAfterFuzzCheck {
    /// A fixed "now": 2026-11-21 12:00:00 UTC.
    static let now = Date(timeIntervalSince1970: 1_795_262_400)

    static func run(_ bytes: [UInt8]) -> FuzzFailures {
        var failures = FuzzFailures()
        let text = String(decoding: bytes, as: UTF8.self)
        let lines = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let value = lines[0]
        let shouldRetry = lines.count > 1 ? lines[1] : nil
        let randoms: [Double] = [0, 0.5, 1.0.nextDown, 1, -1, 7, .infinity, -.infinity, .nan]
        let randomChoice = randoms[Int(bytes.first ?? 0) % randoms.count]
        let fixedNow = now
        let policy = RetryPolicy(maxRetries: 3, maxServerDelay: 60, initialBackoff: 0.5, maxBackoff: 8,
                                 now: { fixedNow }, random: { randomChoice })
        let upper = max(policy.maxServerDelay, policy.maxBackoff)

        for name in ["retry-after", "retry-after-ms", "Retry-After"] {
            var headers = [HTTPHeader(name, value)]
            if let shouldRetry { headers.append(HTTPHeader("x-should-retry", shouldRetry)) }
            let asked = policy.requestedDelay(in: headers)
            if let asked { failures.expect(asked.isFinite, "\(name): requested delay \(asked) is not finite") }
            for status in [408, 429, 500, 503, 404] {
                for retries in -1...3 {
                    let failure = RetryableFailure.status(status, headers: headers)
                    guard let delay = policy.delayBeforeRetry(after: failure, retriesSoFar: retries) else { continue }
                    failures.expect(retries >= 0 && retries < policy.maxRetries, "\(name): a delay after \(retries) retries")
                    failures.expect(delay.isFinite && delay >= 0 && delay <= upper,
                                    "\(name) \(status): delay \(delay) is outside [0, \(upper)]")
                    if let asked, asked > 0, asked <= policy.maxServerDelay {
                        failures.expect(delay == asked, "\(name): the server asked \(asked) but the delay is \(delay)")
                    } else {
                        failures.expect(delay <= policy.maxBackoff, "\(name): backoff \(delay) above \(policy.maxBackoff)")
                    }
                }
            }
        }
        for retries in [-5, 0, 1, 2, 60, 1_000_000, Int.max] {
            let delay = policy.backoff(retriesSoFar: retries)
            failures.expect(delay.isFinite && delay >= 0 && delay <= policy.maxBackoff, "backoff(\(retries)) is \(delay)")
        }
        checkDate(value, failures: &failures)
        return failures
    }

    static func checkDate(_ value: String, failures: inout FuzzFailures) {
        for candidate in [value, value.trimmingCharacters(in: .whitespaces)] {
            guard let date = HTTPDate.parse(candidate, now: now) else { continue }
            let seconds = date.timeIntervalSince1970
            // 0001-01-01 and 10000-01-01, UTC.
            failures.expect(seconds.isFinite && seconds >= -62_135_596_800 && seconds < 253_402_300_800,
                            "\(candidate.debugDescription) parsed to \(seconds) s, outside years 1-9999")
            failures.expect(seconds.rounded() == seconds, "\(candidate.debugDescription) parsed to a fraction of a second")
            let written = imfFixdate(date)
            failures.expect(HTTPDate.parse(written, now: now) == date,
                            "\(candidate.debugDescription) parsed to \(written), which does not read back the same")
        }
    }

    /// `Sun, 06 Nov 1994 08:49:37 GMT` for `date` (UTC, proleptic Gregorian), without a formatter.
    static func imfFixdate(_ date: Date) -> String {
        let total = Int(date.timeIntervalSince1970)
        var days = total / 86_400
        var rest = total % 86_400
        if rest < 0 { rest += 86_400; days -= 1 }
        let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][((days % 7) + 7) % 7]
        // H. Hinnant's civil_from_days.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ number: Int) -> String { number < 10 ? "0\(number)" : "\(number)" }
        var yearText = "\(year)"
        while yearText.count < 4 { yearText = "0" + yearText }
        return "\(weekday), \(two(day)) \(months[month - 1]) \(yearText) \(two(rest / 3_600)):\(two(rest % 3_600 / 60)):\(two(rest % 60)) GMT"
    }
}
