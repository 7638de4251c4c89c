import Net
import Synchronization

/// Enforces the content deadlines of one streamed reply, which byte-level timeouts cannot:
/// keep-alives (SSE comments, Anthropic `ping`) are bytes but not content.
///
/// Deadlines: until the first content, `start + firstByte`; after it, the last content plus
/// `stall`; after the terminator, a short drain grace; and, when given, a hard limit for the
/// whole request that no content extends. When a deadline passes with no newer
/// content, `watch` records why (`firing`) and cancels the HTTP transfer; the reader then
/// sees the body end or throw `.cancelled` and asks `firing` what happened.
///
/// Thread-safety: the reading task calls `contentArrived` / `beginDrain`; the watching task
/// runs `watch`; both touch only atomics.
final class ContentWatchdog: Sendable {
    /// Why the watchdog cancelled the transfer.
    enum Firing: UInt8 {
        case none = 0
        /// No content before the first-byte deadline.
        case noContent = 1
        /// Content stopped for longer than the stall limit.
        case stalled = 2
        /// The drain grace after the terminator passed (not an error).
        case drained = 3
        /// The whole-request limit passed.
        case requestLimit = 4
    }

    private let origin: ContinuousClock.Instant
    private let stallNanos: Int64
    /// Nanoseconds after `origin` at which the current deadline passes.
    private let deadline: Atomic<Int64>
    /// What the current deadline means if it passes (a `Firing` raw value).
    private let phase: Atomic<UInt8>
    private let fired: Atomic<UInt8>
    /// The hard limit as nanoseconds after `origin` (may be negative: already passed).
    private let limitNanos: Int64?

    init(start: ContinuousClock.Instant, firstByte: Double, stall: Double, limit: ContinuousClock.Instant? = nil) {
        origin = start
        limitNanos = limit.map { Self.nanoseconds(start.duration(to: $0)) }
        stallNanos = Self.nanoseconds(stall)
        deadline = Atomic(Self.nanoseconds(firstByte))
        phase = Atomic(Firing.noContent.rawValue)
        fired = Atomic(Firing.none.rawValue)
    }

    /// Why the transfer was cancelled by the watchdog, or `.none`.
    var firing: Firing { Firing(rawValue: fired.load(ordering: .acquiring)) ?? .none }

    /// Content arrived at `now`: the next deadline is `now + stall`.
    func contentArrived(at now: ContinuousClock.Instant) {
        deadline.store(Self.nanoseconds(origin.duration(to: now)) &+ stallNanos, ordering: .relaxed)
        phase.store(Firing.stalled.rawValue, ordering: .relaxed)
    }

    /// The reply is complete: allow `grace` seconds for the body to end on its own.
    func beginDrain(at now: ContinuousClock.Instant, grace: Double) {
        phase.store(Firing.drained.rawValue, ordering: .relaxed)
        deadline.store(Self.nanoseconds(origin.duration(to: now)) &+ Self.nanoseconds(grace), ordering: .relaxed)
    }

    /// Sleeps until each deadline; cancels `response` when one passes. Returns when it fired
    /// or when the calling task is cancelled.
    func watch(_ response: HTTPStreamingResponse) async {
        while !Task.isCancelled {
            let soft = deadline.load(ordering: .relaxed)
            let phase = self.phase.load(ordering: .relaxed)
            let hardFirst = phase != Firing.drained.rawValue && limitNanos.map { $0 < soft } == true
            let target = origin.advanced(by: .nanoseconds(hardFirst ? (limitNanos ?? soft) : soft))
            if ContinuousClock.now >= target {
                fired.store(hardFirst ? Firing.requestLimit.rawValue : phase, ordering: .releasing)
                response.cancel()
                return
            }
            do {
                try await Task.sleep(until: target, tolerance: .milliseconds(10), clock: .continuous)
            } catch {
                return
            }
        }
    }

    static func nanoseconds(_ seconds: Double) -> Int64 {
        guard seconds.isFinite else { return Int64.max / 4 }
        return Int64(min(max(seconds, 0.001), 1e9) * 1e9)
    }

    /// True once content has arrived (the stall phase or later).
    var contentStarted: Bool { phase.load(ordering: .relaxed) != Firing.noContent.rawValue }

    static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds &* 1_000_000_000 &+ attoseconds / 1_000_000_000
    }
}

extension Duration {
    /// The duration in seconds, as a `Double`.
    var seconds: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) * 1e-18
    }
}
