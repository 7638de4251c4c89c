/// How long to wait between attempts to reach ComfyUI: `initial * factor^(attempt-1)`,
/// at most `maximum` seconds, with the sleep itself injectable so tests run on a fake
/// clock. A plain value; `sleep` must honour task cancellation (throw when cancelled).
public struct Backoff: Sendable {
    /// Sleeps for the given seconds; throws `CancellationError` when the task is cancelled.
    public typealias Sleeper = @Sendable (Double) async throws -> Void

    public var initial: Double
    public var factor: Double
    public var maximum: Double
    public var sleep: Sleeper

    public init(initial: Double = 1, factor: Double = 2, maximum: Double = 30, sleep: @escaping Sleeper = Backoff.taskSleep) {
        self.initial = initial
        self.factor = factor
        self.maximum = maximum
        self.sleep = sleep
    }

    /// Seconds to wait before attempt `attempt + 1` (attempt counts from 1).
    public func delay(afterAttempt attempt: Int) -> Double {
        let exponent = Double(max(0, min(attempt - 1, 30)))
        return min(maximum, initial * pow(factor, exponent))
    }

    /// `Task.sleep` for the given seconds.
    public static let taskSleep: Sleeper = { seconds in
        try await Task.sleep(nanoseconds: UInt64(max(0, min(seconds, 86_400)) * 1_000_000_000))
    }

    private func pow(_ base: Double, _ exponent: Double) -> Double {
        var result = 1.0
        var count = Int(exponent)
        while count > 0 {
            result *= base
            count -= 1
        }
        return result
    }
}
