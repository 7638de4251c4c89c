import Foundation
import Net
import Testing
@testable import Providers

@Suite struct RetryPolicyTests {
    static let now = Date(timeIntervalSince1970: 1_795_273_304)

    /// A policy with a fixed clock and a fixed random value.
    static func policy(random: Double = 0) -> RetryPolicy {
        RetryPolicy(now: { now }, random: { random })
    }

    static func status(_ code: Int, _ headers: [(String, String)] = []) -> RetryableFailure {
        .status(code, headers: headers.map { HTTPHeader($0.0, $0.1) })
    }

    @Test func retryAfterMilliseconds() {
        #expect(Self.policy().delayBeforeRetry(after: Self.status(429, [("retry-after-ms", "1500")]), retriesSoFar: 0) == 1.5)
        #expect(Self.policy().delayBeforeRetry(after: Self.status(429, [("Retry-After-Ms", "250.5")]), retriesSoFar: 0) == 0.2505)
    }

    @Test func retryAfterSecondsAndFloatSeconds() {
        #expect(Self.policy().delayBeforeRetry(after: Self.status(429, [("Retry-After", "2")]), retriesSoFar: 0) == 2)
        #expect(Self.policy().delayBeforeRetry(after: Self.status(503, [("retry-after", " 1.5 ")]), retriesSoFar: 1) == 1.5)
    }

    @Test func millisecondsWinOverSecondsAndGarbageMillisecondsFallThrough() {
        let both = Self.status(429, [("retry-after", "3"), ("retry-after-ms", "100")])
        #expect(Self.policy().delayBeforeRetry(after: both, retriesSoFar: 0) == 0.1)
        let garbage = Self.status(429, [("retry-after-ms", "soon"), ("retry-after", "3")])
        #expect(Self.policy().delayBeforeRetry(after: garbage, retriesSoFar: 0) == 3)
    }

    @Test func retryAfterAsAnHTTPDateIsRelativeToNow() {
        let in30 = Self.now.addingTimeInterval(30)
        let imf = Self.imfFixdate(in30)
        #expect(Self.policy().delayBeforeRetry(after: Self.status(429, [("retry-after", imf)]), retriesSoFar: 0) == 30)
    }

    @Test func aServerDelayOver60SecondsIsIgnoredForBackoff() {
        let policy = Self.policy(random: 0)
        #expect(policy.delayBeforeRetry(after: Self.status(429, [("retry-after", "120")]), retriesSoFar: 0) == 0.5)
        #expect(policy.delayBeforeRetry(after: Self.status(429, [("retry-after-ms", "60001")]), retriesSoFar: 1) == 1)
        #expect(policy.delayBeforeRetry(after: Self.status(429, [("retry-after", "60")]), retriesSoFar: 1) == 60)
        let far = Self.imfFixdate(Self.now.addingTimeInterval(3_600))
        #expect(policy.delayBeforeRetry(after: Self.status(429, [("retry-after", far)]), retriesSoFar: 0) == 0.5)
    }

    @Test func zeroNegativePastAndGarbageDelaysFallBackToBackoff() {
        let policy = Self.policy(random: 0)
        let past = Self.imfFixdate(Self.now.addingTimeInterval(-10))
        for value in ["0", "-5", "soon", "", "inf", "nan", "1e400", past, "Sun, 99 Nov 1994 08:49:37 GMT"] {
            #expect(policy.delayBeforeRetry(after: Self.status(503, [("retry-after", value)]), retriesSoFar: 0) == 0.5, "\(value)")
        }
    }

    @Test func backoffDoublesUpToEightSeconds() {
        let policy = Self.policy(random: 0)
        #expect((0...6).map { policy.backoff(retriesSoFar: $0) } == [0.5, 1, 2, 4, 8, 8, 8])
        #expect(policy.backoff(retriesSoFar: Int.max) == 8)
    }

    @Test func jitterStaysInItsRange() {
        for retry in 0...5 {
            let base = min(0.5 * pow(2, Double(retry)), 8)
            #expect(Self.policy(random: 0).backoff(retriesSoFar: retry) == base)
            let low = Self.policy(random: 1.0.nextDown).backoff(retriesSoFar: retry)
            #expect(low > 0.75 * base && low < base)
            #expect(Self.policy(random: 7).backoff(retriesSoFar: retry) > 0.75 * base)
            #expect(Self.policy(random: -3).backoff(retriesSoFar: retry) == base)
            for _ in 0..<200 {
                let delay = RetryPolicy().backoff(retriesSoFar: retry)
                #expect(delay > 0.75 * base && delay <= base)
            }
        }
    }

    @Test func retryableStatuses() {
        let policy = Self.policy()
        for code in [408, 409, 429, 500, 502, 503, 504, 529] {
            #expect(policy.isRetryable(Self.status(code)), "\(code)")
        }
        for code in [400, 401, 403, 404, 413, 422] {
            #expect(!policy.isRetryable(Self.status(code)), "\(code)")
            #expect(policy.delayBeforeRetry(after: Self.status(code), retriesSoFar: 0) == nil)
        }
        #expect(policy.isRetryable(.connection))
    }

    @Test func xShouldRetryOverrides() {
        let policy = Self.policy(random: 0)
        #expect(policy.delayBeforeRetry(after: Self.status(400, [("x-should-retry", "true")]), retriesSoFar: 0) == 0.5)
        #expect(policy.delayBeforeRetry(after: Self.status(503, [("X-Should-Retry", "false")]), retriesSoFar: 0) == nil)
        #expect(policy.delayBeforeRetry(after: Self.status(503, [("x-should-retry", "maybe")]), retriesSoFar: 0) == 0.5)
    }

    @Test func atMostTwoRetries() {
        let policy = Self.policy(random: 0)
        #expect(policy.delayBeforeRetry(after: .connection, retriesSoFar: 0) == 0.5)
        #expect(policy.delayBeforeRetry(after: .connection, retriesSoFar: 1) == 1)
        #expect(policy.delayBeforeRetry(after: .connection, retriesSoFar: 2) == nil)
        #expect(policy.delayBeforeRetry(after: Self.status(429, [("x-should-retry", "true")]), retriesSoFar: 2) == nil)
        #expect(RetryPolicy.never.delayBeforeRetry(after: .connection, retriesSoFar: 0) == nil)
    }

    @Test func neverAfterContentStarted() {
        #expect(Self.policy().delayBeforeRetry(after: .connection, retriesSoFar: 0, contentStarted: true) == nil)
        #expect(Self.policy().delayBeforeRetry(after: Self.status(503), retriesSoFar: 0, contentStarted: true) == nil)
    }

    static func imfFixdate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: date)
    }
}
