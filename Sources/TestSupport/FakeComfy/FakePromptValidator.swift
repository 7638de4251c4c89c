/// Validates a posted API workflow the way ComfyUI's `execution.validate_prompt` does, to
/// the extent the tests need: every node has a known `class_type`, there is an output node,
/// and every node an output depends on has its required inputs with values of the right
/// type, inside their range, and in their choice list (`ckpt_name` included). Produces the
/// exact `error` / `node_errors` shapes of the recorded 400 answers. Stateless.
enum FakePromptValidator {
    /// The outcome: the outputs to run and, when some or all failed, the node errors; a
    /// whole-prompt error body when nothing can run.
    struct Outcome {
        var outputs: [String]
        var nodeErrors: [(String, FakeComfyJSON)]
        var errorBody: FakeComfyJSON?
    }

    static func error(_ type: String, _ message: String, details: String = "", nodeErrors: [(String, FakeComfyJSON)] = []) -> FakeComfyJSON {
        .object([
            ("error", .object([("type", .string(type)), ("message", .string(message)), ("details", .string(details)), ("extra_info", .object([]))])),
            ("node_errors", .object(nodeErrors)),
        ])
    }

    static func validate(_ graph: FakeComfyJSON, catalog: FakeNodeCatalog) -> Outcome {
        guard let nodes = graph.members else {
            return Outcome(outputs: [], nodeErrors: [], errorBody: error("invalid_prompt", "Cannot execute because the prompt is not an object."))
        }
        var outputs: [String] = []
        for (id, node) in nodes {
            guard let classType = node["class_type"]?.string else {
                return Outcome(outputs: [], nodeErrors: [], errorBody: error("invalid_prompt", "Cannot execute because a node is missing the class_type property.",
                                                                             details: "Node ID '#\(id)'"))
            }
            guard let nodeClass = catalog.classes[classType] else {
                return Outcome(outputs: [], nodeErrors: [], errorBody: error("invalid_prompt", "Cannot execute because node \(classType) does not exist.",
                                                                             details: "Node ID '#\(id)'"))
            }
            if nodeClass.isOutput { outputs.append(id) }
        }
        guard !outputs.isEmpty else {
            return Outcome(outputs: [], nodeErrors: [], errorBody: error("prompt_no_outputs", "Prompt has no outputs"))
        }
        var errorsByNode: [String: [FakeComfyJSON]] = [:]
        var dependents: [String: [String]] = [:]
        var good: [String] = []
        for output in outputs.sorted() {
            var visited = Set<String>()
            var failed = false
            visit(output, graph: graph, catalog: catalog, visited: &visited) { node, errors in
                errorsByNode[node] = errors
            }
            for node in visited where errorsByNode[node] != nil {
                failed = true
                dependents[node, default: []].append(output)
            }
            if !failed { good.append(output) }
        }
        let nodeErrors: [(String, FakeComfyJSON)] = errorsByNode.keys.sorted().map { node in
            (node, .object([
                ("errors", .array(errorsByNode[node] ?? [])),
                ("dependent_outputs", .array((dependents[node] ?? []).map { .string($0) })),
                ("class_type", .string(graph[node]?["class_type"]?.string ?? "")),
            ]))
        }
        if good.isEmpty {
            return Outcome(outputs: [], nodeErrors: nodeErrors,
                           errorBody: error("prompt_outputs_failed_validation", "Prompt outputs failed validation", nodeErrors: nodeErrors))
        }
        return Outcome(outputs: good, nodeErrors: nodeErrors, errorBody: nil)
    }

    /// Depth-first over the nodes `id` depends on, reporting each node's own errors once.
    private static func visit(_ id: String, graph: FakeComfyJSON, catalog: FakeNodeCatalog, visited: inout Set<String>,
                              report: (String, [FakeComfyJSON]) -> Void) {
        guard visited.insert(id).inserted, let node = graph[id], let classType = node["class_type"]?.string,
              let nodeClass = catalog.classes[classType] else { return }
        let inputs = node["inputs"]
        var errors: [FakeComfyJSON] = []
        for (name, spec) in nodeClass.required + nodeClass.optional {
            let isRequired = nodeClass.required.contains { $0.0 == name }
            guard let value = inputs?[name] else {
                if isRequired {
                    errors.append(.object([("type", "required_input_missing"), ("message", "Required input is missing"),
                                           ("details", .string(name)), ("extra_info", .object([("input_name", .string(name))]))]))
                }
                continue
            }
            if let items = value.array, items.count == 2 {
                let source = items[0].string ?? items[0].integer.map { String($0) } ?? ""
                if graph[source] != nil {
                    visit(source, graph: graph, catalog: catalog, visited: &visited, report: report)
                } else {
                    errors.append(.object([("type", "bad_linked_input"), ("message", "Bad linked input, must be a length-2 list of [node_id, slot_index]"),
                                           ("details", .string(name)), ("extra_info", .object([("input_name", .string(name))]))]))
                }
                continue
            }
            if let error = check(value, name: name, spec: spec, catalog: catalog, classType: classType) { errors.append(error) }
        }
        if !errors.isEmpty { report(id, errors) }
    }

    private static func check(_ value: FakeComfyJSON, name: String, spec: FakeNodeCatalog.Spec, catalog: FakeNodeCatalog,
                              classType: String) -> FakeComfyJSON? {
        let config = catalog.info(classType)?["input"]?["required"]?[name] ?? catalog.info(classType)?["input"]?["optional"]?[name] ?? .null
        func invalid(_ type: String, _ message: String, _ details: String, exception: String? = nil, config: FakeComfyJSON = config) -> FakeComfyJSON {
            var extra: [(String, FakeComfyJSON)] = [("input_name", .string(name)), ("input_config", config), ("received_value", value)]
            if let exception { extra.append(("exception_message", .string(exception))) }
            return .object([("type", .string(type)), ("message", .string(message)), ("details", .string(details)), ("extra_info", .object(extra))])
        }
        func shown(_ value: FakeComfyJSON) -> String { value.string ?? value.text }
        switch spec {
        case .int(let min, let max, _):
            guard let number = value.integer ?? value.string.flatMap({ Int64($0) }) ?? (value.number.map { Int64($0) }) else {
                let message = "invalid literal for int() with base 10: '\(shown(value))'"
                return invalid("invalid_input_type", "Failed to convert an input value to a INT value", "\(name), \(shown(value)), \(message)",
                               exception: message)
            }
            if number < min { return invalid("value_smaller_than_min", "Value \(number) smaller than min of \(min)", name) }
            if number > 0, UInt64(number) > max { return invalid("value_bigger_than_max", "Value \(number) bigger than max of \(max)", name) }
        case .float(let min, let max, _):
            guard let number = value.number ?? value.string.flatMap({ Double($0) }) else {
                let message = "could not convert string to float: '\(shown(value))'"
                return invalid("invalid_input_type", "Failed to convert an input value to a FLOAT value", "\(name), \(shown(value)), \(message)",
                               exception: message)
            }
            if number < min { return invalid("value_smaller_than_min", "Value \(number) smaller than min of \(min)", name) }
            if number > max { return invalid("value_bigger_than_max", "Value \(number) bigger than max of \(max)", name) }
        case .combo(let options, _):
            let text = shown(value)
            if !options.contains(text) {
                let listed = options.count > 20 ? "(list of length \(options.count))" : "[" + options.map { "'\($0)'" }.joined(separator: ", ") + "]"
                let shownConfig: FakeComfyJSON = options.count > 20 ? .null : config
                return invalid("value_not_in_list", "Value not in list", "\(name): '\(text)' not in \(listed)", config: shownConfig)
            }
        case .boolean:
            if value.bool == nil { return invalid("invalid_input_type", "Failed to convert an input value to a BOOLEAN value", "\(name), \(shown(value))") }
        case .string, .link:
            break
        }
        return nil
    }
}
