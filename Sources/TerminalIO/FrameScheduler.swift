/// Decides when the loop draws and ticks, given the time since the loop started: any number of
/// messages in between mark the frame dirty once, and a dirty frame is drawn at most once per
/// `frameInterval` (about 60 a second), so a flood of tokens costs at most 60 renders a second.
/// Ticks (spinners) come every `tickInterval`. Input from the person is urgent: a frame owed to a
/// key is drawn at once, whatever the interval, so typing is never held behind a stream's frame
/// budget. Frames for outside changes are also spaced by what frames cost: at least four
/// times the recent cost of one (so drawing a fast-scrolling pane takes at most about a quarter
/// of the loop's time, and keys and the engine keep the rest), never more than `slowestInterval`.
/// Pure: time is passed in, so tests need no clock.
///
/// A plain value owned by the loop.
public struct FrameScheduler: Sendable, Hashable {
    public let frameInterval: Duration
    public let tickInterval: Duration
    public private(set) var isDirty = true
    /// A frame is owed to input and is drawn without waiting for the interval.
    public private(set) var isUrgent = false
    private var lastFrame: Duration?
    private var lastTick: Duration = .zero
    /// A moving average of what a frame costs (render, diff, draw).
    public private(set) var frameCost: Duration = .zero
    /// The longest spacing cost may impose on frames for outside changes (10 a second).
    public static let slowestInterval = Duration.milliseconds(100)

    public init(frameInterval: Duration = .milliseconds(16), tickInterval: Duration = .milliseconds(100)) {
        self.frameInterval = frameInterval
        self.tickInterval = tickInterval
    }

    /// Something changed: a frame is owed.
    public mutating func markDirty() { isDirty = true }

    /// Input changed the state: a frame is owed now.
    public mutating func markUrgent() {
        isDirty = true
        isUrgent = true
    }

    /// The spacing of frames for outside changes now: `frameInterval`, or four frame costs.
    public var effectiveInterval: Duration {
        max(frameInterval, min(Self.slowestInterval, frameCost * 4))
    }

    /// True when a frame is owed and the last one is at least `effectiveInterval` old.
    public func shouldDraw(at now: Duration) -> Bool {
        guard isDirty else { return false }
        guard !isUrgent, let lastFrame else { return true }
        return now - lastFrame >= effectiveInterval
    }

    /// A frame took `cost` to render and draw.
    public mutating func noteFrameCost(_ cost: Duration) {
        frameCost = frameCost == .zero ? cost : (frameCost * 3 + cost) / 4
    }

    /// A frame was drawn at `now`.
    public mutating func didDraw(at now: Duration) {
        isDirty = false
        isUrgent = false
        lastFrame = now
    }

    /// True (once per interval) when a tick is due at `now`.
    public mutating func takeTick(at now: Duration) -> Bool {
        guard now - lastTick >= tickInterval else { return false }
        lastTick = now
        return true
    }

    /// How long input may be waited for at `now`: until the owed frame or the next tick,
    /// capped at `limit`.
    public func inputWait(at now: Duration, limit: Duration) -> Duration {
        var wait = min(limit, max(.zero, lastTick + tickInterval - now))
        if isDirty, let lastFrame { wait = min(wait, max(.zero, lastFrame + effectiveInterval - now)) }
        if isDirty && (lastFrame == nil || isUrgent) { wait = .zero }
        return wait
    }
}
