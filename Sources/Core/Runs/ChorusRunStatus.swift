/// Where one artist run of a chorus group stands: `queued` → `generating` → `done` or
/// `failed` (a cancelled or budget-stopped run is `failed` with that reason). Stored as its
/// raw value. A plain value.
public enum ChorusRunStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case queued
    case generating
    case done
    case failed

    public var isTerminal: Bool { self == .done || self == .failed }
}

/// The stage a generating artist run is in: the artist writing, or the brush being called.
public enum ChorusStage: String, Sendable, Hashable, Codable, CaseIterable {
    case artist
    case brush
}

/// What one stage of a run took: tokens, seconds (stored to the millisecond) and dollars.
/// Nil fields are unknown. A plain value.
public struct StageMetrics: Sendable, Hashable, Codable {
    public var usage: Usage?
    public var latency: Double?
    public var cost: Double?

    public init(usage: Usage? = nil, latency: Double? = nil, cost: Double? = nil) {
        self.usage = usage
        self.latency = latency
        self.cost = cost
    }

    public static let empty = StageMetrics()
}
