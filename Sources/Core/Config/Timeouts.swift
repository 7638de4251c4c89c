/// Timeouts in seconds as written in the config (globally or per provider); nil fields
/// inherit. A plain value.
public struct TimeoutSettings: Sendable, Hashable, Codable {
    /// Establishing the connection.
    public var connect: Double?
    /// From sending the request to the first byte of the answer (includes model loading).
    public var firstByte: Double?
    /// The longest silence allowed inside a streaming answer.
    public var stall: Double?
    /// The whole request, start to end.
    public var request: Double?

    public init(connect: Double? = nil, firstByte: Double? = nil, stall: Double? = nil, request: Double? = nil) {
        self.connect = connect
        self.firstByte = firstByte
        self.stall = stall
        self.request = request
    }

    /// Decodes each number with `decodeNumberIfPresent`, so an unreadable one names its field.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        connect = try container.decodeNumberIfPresent(Double.self, forKey: .connect)
        firstByte = try container.decodeNumberIfPresent(Double.self, forKey: .firstByte)
        stall = try container.decodeNumberIfPresent(Double.self, forKey: .stall)
        request = try container.decodeNumberIfPresent(Double.self, forKey: .request)
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case connect
        case firstByte = "first_byte"
        case stall, request
    }

    /// The keys a timeouts object may hold.
    public static let knownKeys: Set<String> = Set(CodingKeys.allCases.map(\.rawValue))
}

/// Resolved timeouts in seconds, all positive. A plain value.
public struct Timeouts: Sendable, Hashable, Codable {
    public var connect: Double
    public var firstByte: Double
    public var stall: Double
    public var request: Double

    public init(connect: Double, firstByte: Double, stall: Double, request: Double) {
        self.connect = connect
        self.firstByte = firstByte
        self.stall = stall
        self.request = request
    }

    /// These timeouts with every field `settings` sets replaced.
    public func merged(with settings: TimeoutSettings?) -> Timeouts {
        guard let settings else { return self }
        return Timeouts(connect: settings.connect ?? connect, firstByte: settings.firstByte ?? firstByte,
                        stall: settings.stall ?? stall, request: settings.request ?? request)
    }
}
