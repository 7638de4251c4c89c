/// One entry of the model registry: what a model is called, how much it holds and costs,
/// and what it can do. Built-ins, config overrides and Ollama's `/api/tags` all produce these.
///
/// Invariant: prices are US dollars per 1,000 tokens; nil means unknown (local models are 0).
/// A plain value.
public struct ModelInfo: Sendable, Hashable, Codable {
    /// What can a model do, as far as we know.
    public struct Capabilities: Sendable, Hashable, Codable {
        public var vision: Bool
        public var jsonMode: Bool
        public var streaming: Bool

        public init(vision: Bool = false, jsonMode: Bool = false, streaming: Bool = true) {
            self.vision = vision
            self.jsonMode = jsonMode
            self.streaming = streaming
        }
    }

    /// Where an entry came from. The registry merges field by field with the precedence
    /// built-in < discovered < config (what the person wrote wins).
    public enum Source: String, Sendable, Hashable, Codable {
        case builtIn = "built-in"
        case config
        case discovered
    }

    public var ref: ModelRef
    public var displayName: String
    public var contextWindow: Int?
    public var maxOutput: Int?
    public var pricePer1kInput: Double?
    public var pricePer1kOutput: Double?
    public var capabilities: Capabilities
    public var source: Source

    public init(ref: ModelRef, displayName: String? = nil, contextWindow: Int? = nil, maxOutput: Int? = nil,
                pricePer1kInput: Double? = nil, pricePer1kOutput: Double? = nil,
                capabilities: Capabilities = Capabilities(), source: Source = .builtIn) {
        self.ref = ref
        self.displayName = displayName ?? ref.model
        self.contextWindow = contextWindow
        self.maxOutput = maxOutput
        self.pricePer1kInput = pricePer1kInput
        self.pricePer1kOutput = pricePer1kOutput
        self.capabilities = capabilities
        self.source = source
    }

    /// Estimated cost in dollars of a reply with this usage; nil when a price is unknown.
    public func estimatedCost(_ usage: Usage) -> Double? {
        guard let pin = pricePer1kInput, let pout = pricePer1kOutput else { return nil }
        return Double(usage.inputTokens) / 1000 * pin + Double(usage.outputTokens) / 1000 * pout
    }
}
