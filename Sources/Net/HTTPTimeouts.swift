/// The three time limits of one HTTP transfer, in seconds. A plain value.
/// - `connect`: resolving plus TCP (and TLS) setup; enforced by libcurl.
/// - `firstByte`: from the start of the request until the first *body* byte (a cold model may
///   take minutes before it says anything).
/// - `stall`: the longest silence between body bytes once the body has started.
/// Values that are not finite or not positive are clamped to the range [0.001 s, ~115 days].
public struct HTTPTimeouts: Sendable, Hashable {
    /// Seconds allowed to resolve and connect. Default 5.
    public var connect: Double
    /// Seconds from the start until the first body byte. Default 300.
    public var firstByte: Double
    /// Seconds of silence allowed between body bytes after the first. Default 120.
    public var stall: Double

    public init(connect: Double = 5, firstByte: Double = 300, stall: Double = 120) {
        self.connect = connect
        self.firstByte = firstByte
        self.stall = stall
    }

    /// `seconds` made usable as a limit: at least 1 ms, at most 10^7 s; NaN becomes the maximum.
    static func clamped(_ seconds: Double) -> Double {
        guard !seconds.isNaN else { return 1e7 }
        return min(max(seconds, 0.001), 1e7)
    }
}
