/// Facts about one model written in the config under `models."provider:model"`. Each
/// non-nil field replaces the registry's value for that field alone (config wins over
/// built-in and discovered entries). Prices are US dollars per 1,000 tokens. A plain value.
public struct ModelOverride: Sendable, Hashable, Codable {
    public var displayName: String?
    public var contextWindow: Int?
    public var maxOutput: Int?
    public var pricePer1kInput: Double?
    public var pricePer1kOutput: Double?
    public var vision: Bool?
    public var jsonMode: Bool?
    public var streaming: Bool?

    public init(displayName: String? = nil, contextWindow: Int? = nil, maxOutput: Int? = nil,
                pricePer1kInput: Double? = nil, pricePer1kOutput: Double? = nil,
                vision: Bool? = nil, jsonMode: Bool? = nil, streaming: Bool? = nil) {
        self.displayName = displayName
        self.contextWindow = contextWindow
        self.maxOutput = maxOutput
        self.pricePer1kInput = pricePer1kInput
        self.pricePer1kOutput = pricePer1kOutput
        self.vision = vision
        self.jsonMode = jsonMode
        self.streaming = streaming
    }

    /// Decodes the numbers with `decodeNumberIfPresent`, so 2.7 tokens names its field.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        displayName = try container.decodeIfPresent(String.self, forKey: .displayName)
        contextWindow = try container.decodeNumberIfPresent(Int.self, forKey: .contextWindow)
        maxOutput = try container.decodeNumberIfPresent(Int.self, forKey: .maxOutput)
        pricePer1kInput = try container.decodeNumberIfPresent(Double.self, forKey: .pricePer1kInput)
        pricePer1kOutput = try container.decodeNumberIfPresent(Double.self, forKey: .pricePer1kOutput)
        vision = try container.decodeIfPresent(Bool.self, forKey: .vision)
        jsonMode = try container.decodeIfPresent(Bool.self, forKey: .jsonMode)
        streaming = try container.decodeIfPresent(Bool.self, forKey: .streaming)
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case displayName = "display_name"
        case contextWindow = "context_window"
        case maxOutput = "max_output"
        case pricePer1kInput = "price_per_1k_input"
        case pricePer1kOutput = "price_per_1k_output"
        case vision
        case jsonMode = "json_mode"
        case streaming
    }

    /// The keys a model override may hold.
    public static let knownKeys: Set<String> = Set(CodingKeys.allCases.map(\.rawValue))

    /// `info` with every field this override sets replaced (the source is left as it was).
    public func applied(to info: ModelInfo) -> ModelInfo {
        var result = info
        if let displayName { result.displayName = displayName }
        if let contextWindow { result.contextWindow = contextWindow }
        if let maxOutput { result.maxOutput = maxOutput }
        if let pricePer1kInput { result.pricePer1kInput = pricePer1kInput }
        if let pricePer1kOutput { result.pricePer1kOutput = pricePer1kOutput }
        if let vision { result.capabilities.vision = vision }
        if let jsonMode { result.capabilities.jsonMode = jsonMode }
        if let streaming { result.capabilities.streaming = streaming }
        return result
    }
}
