/// One validation error ComfyUI reported for one node input (`node_errors` of `POST /prompt`),
/// made readable: "node 4 (CheckpointLoaderSimple) input 'ckpt_name': Value not in list: …".
/// A plain value.
public struct NodeErrorMessage: Sendable, Hashable, CustomStringConvertible {
    public var node: String
    public var classType: String?
    /// The input concerned (`extra_info.input_name`), when ComfyUI named one.
    public var input: String?
    /// ComfyUI's error type, e.g. `value_not_in_list`, `required_input_missing`.
    public var type: String
    /// ComfyUI's message and details joined as "<message>: <details>" (shortened).
    public var text: String
    /// The value ComfyUI received, when it said.
    public var receivedValue: String?
    /// The allowed choices, when ComfyUI listed them (`input_config[0]`).
    public var choices: [String]?

    public init(node: String, classType: String?, input: String?, type: String, text: String,
                receivedValue: String? = nil, choices: [String]? = nil) {
        self.node = node
        self.classType = classType
        self.input = input
        self.type = type
        self.text = text
        self.receivedValue = receivedValue
        self.choices = choices
    }

    public var description: String {
        var place = "node \(node)"
        if let classType { place += " (\(classType))" }
        if let input { place += " input '\(input)'" }
        return "\(place): \(text)"
    }

    /// Every message in a `node_errors` object, sorted by node id then input. Entries that
    /// are not the expected shape still give one message each.
    public static func parse(_ nodeErrors: JSONValue?) -> [NodeErrorMessage] {
        guard let nodes = nodeErrors?.objectValue else { return [] }
        var messages: [NodeErrorMessage] = []
        for node in nodes.keys.sorted(by: NodeOrder.less) {
            guard let entry = nodes[node] else { continue }
            let classType = entry["class_type"]?.stringValue
            let errors = entry["errors"]?.arrayValue ?? []
            if errors.isEmpty {
                messages.append(NodeErrorMessage(node: node, classType: classType, input: nil, type: "unknown",
                                                 text: "ComfyUI reported an error without details"))
            }
            for error in errors {
                let extra = error["extra_info"]
                let message = error["message"]?.stringValue ?? "error"
                let details = error["details"]?.stringValue ?? ""
                var text = details.isEmpty ? message : "\(message): \(details)"
                text = TextSanitizer.oneLine(text, limit: 400)
                let received = extra?["received_value"].flatMap { value -> String? in
                    if let text = value.stringValue { return text }
                    return value.isNull ? nil : value.text
                }
                var choices: [String]?
                if let list = extra?["input_config"]?.arrayValue?.first?.arrayValue {
                    choices = list.compactMap(\.stringValue)
                }
                messages.append(NodeErrorMessage(
                    node: node, classType: classType, input: extra?["input_name"]?.stringValue,
                    type: error["type"]?.stringValue ?? "unknown", text: text,
                    receivedValue: received.map { TextSanitizer.oneLine($0, limit: 200) }, choices: choices))
            }
        }
        return messages
    }
}

/// Sorts node ids numerically when they are numbers ("2" before "10"), else as text.
enum NodeOrder {
    static func less(_ left: String, _ right: String) -> Bool {
        switch (Int(left), Int(right)) {
        case let (l?, r?): return l < r
        case (.some, nil): return true
        case (nil, .some): return false
        default: return left < right
        }
    }
}
