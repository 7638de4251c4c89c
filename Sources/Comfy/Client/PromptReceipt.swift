/// ComfyUI's answer to an accepted `POST /prompt`: the prompt id (ours when we chose one),
/// its queue priority number, and any node errors of outputs that were dropped while the
/// rest was queued (ComfyUI can answer 200 with non-empty `node_errors`). A plain value.
public struct PromptReceipt: Sendable, Hashable {
    public var promptID: String
    public var number: Double?
    /// Non-empty when some outputs failed validation and were dropped.
    public var nodeErrors: [NodeErrorMessage]

    public init(promptID: String, number: Double?, nodeErrors: [NodeErrorMessage] = []) {
        self.promptID = promptID
        self.number = number
        self.nodeErrors = nodeErrors
    }

    /// Parses a 200 answer. Throws `malformed` without a string `prompt_id`.
    public static func parse(_ body: JSONValue) throws(ComfyError) -> PromptReceipt {
        guard let id = body["prompt_id"]?.stringValue, !id.isEmpty else {
            throw ComfyError(.malformed, "ComfyUI accepted the prompt but its answer has no prompt_id")
        }
        return PromptReceipt(promptID: id, number: body["number"]?.doubleValue, nodeErrors: NodeErrorMessage.parse(body["node_errors"]))
    }

    /// The error for a 400 answer (`{"error": {...}, "node_errors": {...}}`): one line per
    /// node and input; `missingModel` when a model file's value is not in its list.
    public static func rejection(status: Int, body: JSONValue?, baseURL: String) -> ComfyError {
        let nodeErrors = NodeErrorMessage.parse(body?["node_errors"])
        let error = body?["error"]
        let type = error?["type"]?.stringValue ?? (error?.stringValue == nil ? "unknown" : "error")
        var headline = TextSanitizer.oneLine(error?["message"]?.stringValue ?? error?.stringValue ?? "ComfyUI refused the workflow", limit: 200)
        if let details = error?["details"]?.stringValue, !details.isEmpty, nodeErrors.isEmpty {
            headline += " (\(TextSanitizer.oneLine(details, limit: 200)))"
        }
        let missing = nodeErrors.first { $0.type == "value_not_in_list" && ($0.input?.hasSuffix("_name") ?? false) && $0.input != "sampler_name" }
        var lines = ["ComfyUI refused the workflow (HTTP \(status), \(type)): \(headline)"]
        lines += nodeErrors.map { "  " + $0.description }
        if let missing {
            let value = missing.receivedValue.map { "'\($0)'" } ?? "the chosen file"
            let offered = missing.choices.map { $0.isEmpty ? "none are installed" : "available: " + ObjectInfo.list($0) }
                ?? "see `atelier models` or ComfyUI's model folders"
            lines.insert("The model \(value) (node \(missing.node) input '\(missing.input ?? "?")') is not installed on ComfyUI; \(offered).", at: 0)
            return ComfyError(.missingModel, lines.joined(separator: "\n"), url: baseURL, status: status,
                              nodeErrors: nodeErrors, available: missing.choices ?? [])
        }
        return ComfyError(.rejected, lines.joined(separator: "\n"), url: baseURL, status: status, nodeErrors: nodeErrors)
    }
}
