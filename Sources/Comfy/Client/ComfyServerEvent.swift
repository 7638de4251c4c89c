/// One message from ComfyUI's `/ws` socket, decoded. Text frames are
/// `{"type": ..., "data": {...}}`; binary frames start with a big-endian UInt32 event type
/// (1 = preview image: then a UInt32 image format, 1 JPEG / 2 PNG, then the image bytes).
/// Unknown types are kept as `.other` / `.otherBinary` to be ignored. A plain value.
public enum ComfyServerEvent: Sendable, Hashable {
    /// Queue size; `sid` only on the first message after connecting.
    case status(queueRemaining: Int?, sid: String?)
    case executionStart(promptID: String)
    case executionCached(promptID: String, nodes: [String])
    /// A node starts; `node == nil` means the whole prompt is over.
    case executing(promptID: String?, node: String?)
    case progress(promptID: String?, node: String?, value: Double, max: Double)
    /// Per-node progress of newer servers: node → (value, max, state).
    case progressState(promptID: String, nodes: [String: NodeProgress])
    case executed(promptID: String?, node: String, files: [OutputFile])
    case executionSuccess(promptID: String)
    case executionError(ExecutionFailure)
    case executionInterrupted(promptID: String, node: String?)
    /// A preview image: format 1 JPEG, 2 PNG.
    case preview(format: UInt32, bytes: [UInt8])
    case other(type: String)
    case otherBinary(type: UInt32)

    /// One node's entry in `progress_state`. A plain value.
    public struct NodeProgress: Sendable, Hashable {
        public var value: Double
        public var max: Double
        /// "pending", "running", "finished" or "error".
        public var state: String
    }

    /// The prompt id the event is about, when it carries one.
    public var promptID: String? {
        switch self {
        case .executionStart(let id), .executionCached(let id, _), .progressState(let id, _),
             .executionSuccess(let id), .executionInterrupted(let id, _):
            return id
        case .executing(let id, _), .progress(let id, _, _, _), .executed(let id, _, _):
            return id
        case .executionError(let failure):
            return failure.promptID
        case .status, .preview, .other, .otherBinary:
            return nil
        }
    }

    /// Decodes a text frame; nil when it is not `{"type": string, ...}`.
    public static func decode(text: String) -> ComfyServerEvent? {
        guard let json = try? JSONValue.parse(Array(text.utf8)), let type = json["type"]?.stringValue else { return nil }
        let data = json["data"] ?? .object([:])
        let promptID = data["prompt_id"]?.stringValue
        switch type {
        case "status":
            let remaining = data["status"]?["exec_info"]?["queue_remaining"]?.intValue.map { Int($0) }
            return .status(queueRemaining: remaining, sid: data["sid"]?.stringValue)
        case "execution_start":
            return promptID.map { .executionStart(promptID: $0) } ?? .other(type: type)
        case "execution_cached":
            guard let promptID else { return .other(type: type) }
            let nodes = (data["nodes"]?.arrayValue ?? []).compactMap { $0.stringValue ?? $0.intValue.map { String($0) } }
            return .executionCached(promptID: promptID, nodes: nodes)
        case "executing":
            return .executing(promptID: promptID, node: data["node"]?.stringValue)
        case "progress":
            guard let value = data["value"]?.doubleValue, let max = data["max"]?.doubleValue else { return .other(type: type) }
            return .progress(promptID: promptID, node: data["node"]?.stringValue, value: value, max: max)
        case "progress_state":
            guard let promptID else { return .other(type: type) }
            var nodes: [String: NodeProgress] = [:]
            for (node, entry) in data["nodes"]?.objectValue ?? [:] {
                nodes[node] = NodeProgress(value: entry["value"]?.doubleValue ?? 0, max: entry["max"]?.doubleValue ?? 0,
                                           state: entry["state"]?.stringValue ?? "")
            }
            return .progressState(promptID: promptID, nodes: nodes)
        case "executed":
            guard let node = data["node"]?.stringValue else { return .other(type: type) }
            return .executed(promptID: promptID, node: node, files: OutputFile.parse(node: node, output: data["output"]))
        case "execution_success":
            return promptID.map { .executionSuccess(promptID: $0) } ?? .other(type: type)
        case "execution_error":
            return .executionError(ExecutionFailure(data: data))
        case "execution_interrupted":
            guard let promptID else { return .other(type: type) }
            return .executionInterrupted(promptID: promptID, node: data["node_id"]?.stringValue)
        default:
            return .other(type: type)
        }
    }

    /// Decodes a binary frame; nil when it is shorter than its type field.
    public static func decode(binary bytes: [UInt8]) -> ComfyServerEvent? {
        guard bytes.count >= 4 else { return nil }
        let type = readUInt32(bytes, at: 0)
        guard type == 1 else { return .otherBinary(type: type) }
        guard bytes.count >= 8 else { return nil }
        return .preview(format: readUInt32(bytes, at: 4), bytes: Array(bytes[8...]))
    }

    private static func readUInt32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 8 | UInt32(bytes[offset + 3])
    }
}
