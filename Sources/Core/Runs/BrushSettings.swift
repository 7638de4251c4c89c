/// The brush of a chorus run group: the generation workflow and the fixed parameters every
/// artist's image prompt is rendered with. Fixed for the whole group, so the only thing
/// that varies is the artist. A plain value.
public struct BrushSettings: Sendable, Hashable, Codable {
    /// A JSON scalar parameter value (steps, cfg, a sampler name, a flag).
    public enum Value: Sendable, Hashable, Codable {
        case string(String)
        case number(Double)
        case bool(Bool)

        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let flag = try? container.decode(Bool.self) {
                self = .bool(flag)
            } else if let number = try? container.decode(Double.self) {
                self = .number(number)
            } else {
                self = .string(try container.decode(String.self))
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .string(let text): try container.encode(text)
            case .number(let number): try container.encode(number)
            case .bool(let flag): try container.encode(flag)
            }
        }
    }

    /// The workflow template id (a file name in `Workflows/` without its extension).
    public var workflowID: String
    public var negativePrompt: String
    public var parameters: [String: Value]

    public init(workflowID: String, negativePrompt: String = "", parameters: [String: Value] = [:]) {
        self.workflowID = workflowID
        self.negativePrompt = negativePrompt
        self.parameters = parameters
    }
}
