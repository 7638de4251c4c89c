import Foundation
import Net

/// A failed attempt that a `RetryPolicy` may decide to repeat.
public enum RetryableFailure: Sendable, Hashable {
    /// The connection failed (refused, reset, unresolvable) before any response arrived.
    case connection
    /// The server answered with a non-2xx status; its headers may ask for a delay.
    case status(Int, headers: [HTTPHeader])
}

/// When and how long to wait before repeating a model request, as the official OpenAI and
/// Anthropic SDKs do: only before the first content byte; on connection failures, 408, 409,
/// 429 and every status >= 500, with `x-should-retry: true|false` overriding; the server's
/// `retry-after-ms` / `retry-after` (seconds or an HTTP date) used when it is in
/// (0, `maxServerDelay`], otherwise `min(initialBackoff * 2^n, maxBackoff)` times a jitter in
/// (0.75, 1.0]; at most `maxRetries` retries.
///
/// A pure value: it never sleeps. The clock and random source are injected so tests are
/// exact. Callable from any task.
public struct RetryPolicy: Sendable {
    public var maxRetries: Int
    /// A server-asked delay above this (seconds) is ignored in favour of backoff.
    public var maxServerDelay: Double
    public var initialBackoff: Double
    public var maxBackoff: Double
    /// The current time, for `retry-after` dates.
    public var now: @Sendable () -> Date
    /// A number in [0, 1) for the jitter (values outside are clamped).
    public var random: @Sendable () -> Double

    public init(maxRetries: Int = 2, maxServerDelay: Double = 60, initialBackoff: Double = 0.5, maxBackoff: Double = 8,
                now: @escaping @Sendable () -> Date = { Date() },
                random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }) {
        self.maxRetries = maxRetries
        self.maxServerDelay = maxServerDelay
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
        self.now = now
        self.random = random
    }

    /// No retries at all (for tests and for requests that must not repeat).
    public static let never = RetryPolicy(maxRetries: 0)

    /// The seconds to wait before the next attempt, or nil when the request must not be
    /// repeated: content already streamed, `retriesSoFar` reached `maxRetries`, or the
    /// failure is not retryable.
    public func delayBeforeRetry(after failure: RetryableFailure, retriesSoFar: Int, contentStarted: Bool = false) -> Double? {
        guard !contentStarted, retriesSoFar >= 0, retriesSoFar < maxRetries, isRetryable(failure) else { return nil }
        if case .status(_, let headers) = failure, let asked = requestedDelay(in: headers),
           asked > 0, asked <= maxServerDelay {
            return asked
        }
        return backoff(retriesSoFar: retriesSoFar)
    }

    /// Whether the failure is worth repeating at all, ignoring the retry count.
    public func isRetryable(_ failure: RetryableFailure) -> Bool {
        switch failure {
        case .connection:
            return true
        case .status(let status, let headers):
            switch headers.value(for: "x-should-retry")?.trimmingCharacters(in: .whitespaces).lowercased() {
            case "true": return true
            case "false": return false
            default: return status == 408 || status == 409 || status == 429 || status >= 500
            }
        }
    }

    /// The delay the server asked for, in seconds, with no range check: `retry-after-ms`
    /// (float milliseconds) first, then `retry-after` as float seconds, then as an HTTP date
    /// relative to `now()`. Nil when absent or unreadable.
    public func requestedDelay(in headers: [HTTPHeader]) -> Double? {
        if let text = headers.value(for: "retry-after-ms"), let milliseconds = Self.number(text) {
            return milliseconds / 1_000
        }
        guard let text = headers.value(for: "retry-after") else { return nil }
        if let seconds = Self.number(text) { return seconds }
        let current = now()
        return HTTPDate.parse(text.trimmingCharacters(in: .whitespaces), now: current)
            .map { $0.timeIntervalSince(current) }
    }

    /// Exponential backoff with jitter for retry number `retriesSoFar + 1`.
    public func backoff(retriesSoFar: Int) -> Double {
        let exponent = Double(min(max(retriesSoFar, 0), 1_000))
        let base = min(initialBackoff * pow(2, exponent), maxBackoff)
        let unit = min(max(random(), 0), 1.0.nextDown)
        // (0.75, 1.0]: at the top of the unit range 1 - 0.25 * unit rounds to 0.75 itself.
        let jitter = max(1 - 0.25 * unit, 0.75.nextUp)
        return max(0, base * jitter)
    }

    /// A finite decimal number (`1`, `1.5`, ` 2 `); nil for anything else.
    private static func number(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let first = trimmed.first, first.isNumber || first == "." || first == "-" || first == "+",
              let value = Double(trimmed), value.isFinite else { return nil }
        return value
    }
}
