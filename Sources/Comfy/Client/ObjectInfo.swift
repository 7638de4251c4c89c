/// What `GET /object_info` says ComfyUI can run: node classes, their inputs, and the choice
/// lists of combo inputs — in both forms ComfyUI sends: the legacy `[["a", "b"], {...}]`
/// (the first element is the list) and the V3 `["COMBO", {"options": ["a", "b"]}]`.
/// Gives the installed checkpoints, samplers and schedulers, and checks a workflow before it
/// is sent. A plain value.
public struct ObjectInfo: Sendable, Hashable {
    /// Class name → its info object as sent.
    public var classes: [String: JSONValue]

    public init(classes: [String: JSONValue]) {
        self.classes = classes
    }

    /// Parses an `/object_info` (or `/object_info/{Class}`) answer.
    public static func parse(_ body: JSONValue) throws(ComfyError) -> ObjectInfo {
        guard let members = body.objectValue else {
            throw ComfyError(.malformed, "ComfyUI's /object_info answer is not a JSON object")
        }
        return ObjectInfo(classes: members)
    }

    /// The input spec (`[type, options]`) of `input` on `classType`, from `required` or `optional`.
    public func inputSpec(_ classType: String, _ input: String) -> JSONValue? {
        guard let inputs = classes[classType]?["input"] else { return nil }
        return inputs["required"]?[input] ?? inputs["optional"]?[input]
    }

    /// The choices of a combo input, nil when it is not a combo (or its choices are not strings).
    public func choices(_ classType: String, _ input: String) -> [String]? {
        guard let spec = inputSpec(classType, input)?.arrayValue, let head = spec.first else { return nil }
        if let list = head.arrayValue { return Self.strings(list) }
        if head.stringValue == "COMBO", let options = spec.dropFirst().first?["options"]?.arrayValue {
            return Self.strings(options)
        }
        return nil
    }

    public var checkpoints: [String] { choices("CheckpointLoaderSimple", "ckpt_name") ?? [] }
    public var samplers: [String] { choices("KSampler", "sampler_name") ?? [] }
    public var schedulers: [String] { choices("KSampler", "scheduler") ?? [] }

    /// Whether ComfyUI knows the class.
    public func hasClass(_ classType: String) -> Bool { classes[classType] != nil }

    /// Checks a graph before it is sent: every node's class exists, and every literal given
    /// to a combo input is one of its choices. A model file that is not installed (an input
    /// named `*_name`, such as `ckpt_name`) is reported as `missingModel` with the list of
    /// what is installed; other problems as `rejected`. Empty when nothing is wrong.
    public func preflight(_ prompt: JSONValue) -> [PreflightProblem] {
        guard let nodes = prompt.objectValue else {
            return [PreflightProblem(node: "", classType: nil, input: nil, isMissingModel: false,
                                     message: "the workflow is not an object of nodes", available: [])]
        }
        var problems: [PreflightProblem] = []
        for node in nodes.keys.sorted(by: NodeOrder.less) {
            guard let entry = nodes[node], let classType = entry["class_type"]?.stringValue else { continue }
            guard hasClass(classType) else {
                problems.append(PreflightProblem(
                    node: node, classType: classType, input: nil, isMissingModel: false,
                    message: "node \(node): ComfyUI has no node class '\(classType)' (a custom node that is not installed?)", available: []))
                continue
            }
            for (input, value) in (entry["inputs"]?.objectValue ?? [:]).sorted(by: { $0.key < $1.key }) {
                guard let text = value.stringValue, let options = choices(classType, input), !options.contains(text) else { continue }
                let isModel = input.hasSuffix("_name") && input != "sampler_name"
                let offered = options.isEmpty ? "none are installed" : "available: " + Self.list(options)
                let what = isModel ? "is not installed on ComfyUI" : "is not one of ComfyUI's choices"
                problems.append(PreflightProblem(
                    node: node, classType: classType, input: input, isMissingModel: isModel,
                    message: "node \(node) (\(classType)) input '\(input)': '\(TextSanitizer.oneLine(text, limit: 120))' \(what); \(offered)",
                    available: options))
            }
        }
        return problems
    }

    static func list(_ options: [String], limit: Int = 20) -> String {
        let shown = options.prefix(limit).joined(separator: ", ")
        return options.count > limit ? shown + ", … (\(options.count) in all)" : shown
    }

    private static func strings(_ values: [JSONValue]) -> [String]? {
        let texts = values.compactMap(\.stringValue)
        return texts.count == values.count ? texts : nil
    }
}

/// One thing the pre-flight check found wrong with a graph. A plain value.
public struct PreflightProblem: Sendable, Hashable, CustomStringConvertible {
    public var node: String
    public var classType: String?
    public var input: String?
    /// True when a model file (checkpoint, LoRA, VAE...) is missing.
    public var isMissingModel: Bool
    public var message: String
    /// What ComfyUI offers for that input.
    public var available: [String]

    public var description: String { message }
}
