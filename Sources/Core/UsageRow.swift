/// API usage summed over one day for one provider and model, as `atelier usage` shows it.
///
/// Invariants: `day` is `YYYY-MM-DD` in the time zone the summary was asked for;
/// `failures <= requests`; `cost` is nil when no call of the group had a known cost;
/// `averageLatency` is in seconds, nil when no call recorded one; `estimated` is true when
/// any call's token counts were estimated rather than reported. A plain value.
public struct UsageRow: Sendable, Hashable, Codable {
    public var day: String
    public var provider: String
    public var model: String
    public var requests: Int
    public var failures: Int
    public var inputTokens: Int
    public var outputTokens: Int
    public var cost: Double?
    public var averageLatency: Double?
    public var estimated: Bool

    public init(day: String, provider: String, model: String, requests: Int, failures: Int,
                inputTokens: Int, outputTokens: Int, cost: Double?, averageLatency: Double?, estimated: Bool) {
        self.day = day
        self.provider = provider
        self.model = model
        self.requests = requests
        self.failures = failures
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.cost = cost
        self.averageLatency = averageLatency
        self.estimated = estimated
    }
}
