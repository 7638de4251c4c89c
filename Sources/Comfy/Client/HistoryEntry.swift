/// One finished job as `GET /history/{prompt_id}` reports it: its outputs, whether it
/// completed, and the status messages (`[event, data]` pairs) with the failure or
/// interruption they record. Only finished jobs have an entry: `{}` means still queued or
/// running (or unknown — ComfyUI does not tell those apart). A plain value.
public struct HistoryEntry: Sendable, Hashable {
    public var promptID: String
    /// `status.status_str`: "success" or "error".
    public var statusText: String
    public var completed: Bool
    /// Every output file, by node id order.
    public var outputs: [OutputFile]
    /// The `status.messages` event names in order.
    public var eventNames: [String]
    /// The failure, when `execution_error` is among the messages.
    public var failure: ExecutionFailure?
    /// True when `execution_interrupted` is among the messages.
    public var interrupted: Bool

    public init(promptID: String, statusText: String, completed: Bool, outputs: [OutputFile],
                eventNames: [String] = [], failure: ExecutionFailure? = nil, interrupted: Bool = false) {
        self.promptID = promptID
        self.statusText = statusText
        self.completed = completed
        self.outputs = outputs
        self.eventNames = eventNames
        self.failure = failure
        self.interrupted = interrupted
    }

    /// The entry for `promptID` in a `/history/{id}` answer; nil when the answer is `{}` or
    /// lacks that id (pending). Throws `malformed` when the body is not a JSON object.
    public static func parse(_ body: JSONValue, promptID: String) throws(ComfyError) -> HistoryEntry? {
        guard let members = body.objectValue else {
            throw ComfyError(.malformed, "ComfyUI's /history answer is not a JSON object")
        }
        guard let entry = members[promptID] else { return nil }
        let status = entry["status"]
        var names: [String] = []
        var failure: ExecutionFailure?
        var interrupted = false
        for message in status?["messages"]?.arrayValue ?? [] {
            guard let pair = message.arrayValue, pair.count == 2, let name = pair[0].stringValue else { continue }
            names.append(name)
            if name == "execution_error" { failure = ExecutionFailure(data: pair[1]) }
            if name == "execution_interrupted" { interrupted = true }
        }
        return HistoryEntry(
            promptID: promptID,
            statusText: status?["status_str"]?.stringValue ?? "unknown",
            completed: status?["completed"]?.boolValue ?? false,
            outputs: OutputFile.parse(outputs: entry["outputs"]),
            eventNames: names, failure: failure, interrupted: interrupted)
    }

    /// True when the job ran to the end without error or interruption.
    public var succeeded: Bool { failure == nil && !interrupted && (completed || statusText == "success") }
}

/// A job's `execution_error`: where it failed and why, and whether the GPU ran out of memory
/// (`exception_type` ending `OutOfMemoryError`, or ComfyUI's out-of-memory message).
/// A plain value.
public struct ExecutionFailure: Sendable, Hashable, CustomStringConvertible {
    public var promptID: String?
    public var node: String?
    public var nodeType: String?
    public var exceptionType: String
    public var exceptionMessage: String

    public init(promptID: String?, node: String?, nodeType: String?, exceptionType: String, exceptionMessage: String) {
        self.promptID = promptID
        self.node = node
        self.nodeType = nodeType
        self.exceptionType = exceptionType
        self.exceptionMessage = exceptionMessage
    }

    init(data: JSONValue) {
        self.init(promptID: data["prompt_id"]?.stringValue, node: data["node_id"]?.stringValue,
                  nodeType: data["node_type"]?.stringValue,
                  exceptionType: data["exception_type"]?.stringValue ?? "error",
                  exceptionMessage: data["exception_message"]?.stringValue ?? "")
    }

    public var isOutOfMemory: Bool {
        exceptionType.hasSuffix("OutOfMemoryError") || exceptionMessage.contains("ran out of memory on your GPU")
    }

    public var description: String {
        var place = "the job"
        if let node { place = "node \(node)" + (nodeType.map { " (\($0))" } ?? "") }
        let reason = TextSanitizer.oneLine(exceptionMessage, limit: 300)
        let kind = TextSanitizer.oneLine(exceptionType, limit: 80)
        if isOutOfMemory { return "\(place) ran out of GPU memory (\(kind))" }
        return reason.isEmpty ? "\(place) failed: \(kind)" : "\(place) failed: \(kind): \(reason)"
    }
}
