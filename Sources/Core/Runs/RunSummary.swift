/// The narrative summary of a multi-model run (who agreed, who differed and why, what the
/// debate changed), stored on the run.
///
/// Invariants: `text` is set only when `status == .complete`; `error` only when
/// `status == .error`. A summary is `pending` until every model is done, then `running`.
/// A plain value.
public struct RunSummary: Sendable, Hashable, Codable {
    /// How far the summary got.
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        case pending
        case running
        case complete
        case error
    }

    public var model: ModelRef?
    public var status: Status
    public var text: String?
    public var error: String?
    public var usage: Usage?
    /// Seconds, stored to the millisecond.
    public var latency: Double?
    public var cost: Double?

    public init(model: ModelRef?, status: Status, text: String? = nil, error: String? = nil, usage: Usage? = nil,
                latency: Double? = nil, cost: Double? = nil) {
        self.model = model
        self.status = status
        self.text = text
        self.error = error
        self.usage = usage
        self.latency = latency
        self.cost = cost
    }
}
