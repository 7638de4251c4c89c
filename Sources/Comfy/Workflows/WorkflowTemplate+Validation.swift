extension WorkflowTemplate {
    /// Node classes that save or preview a result (ComfyUI `OUTPUT_NODE = True`) among the
    /// core ones; a graph without any gets a warning (ComfyUI refuses it with `prompt_no_outputs`).
    public static let knownOutputClasses: Set<String> = [
        "SaveImage", "PreviewImage", "SaveAnimatedWEBP", "SaveAnimatedPNG", "SaveVideo", "SaveWEBM",
        "SaveAudio", "SaveAudioMP3", "SaveAudioOpus", "PreviewAudio", "SaveLatent", "SaveGLB",
    ]

    /// Everything wrong with the template, errors first: nodes without a class or inputs,
    /// links to missing nodes, bindings to a missing node or input, to a link instead of a
    /// literal, or to a literal of the wrong type, defaults of the wrong type or outside the
    /// limits, limits or defaults for names nothing binds. Each message names the parameter,
    /// node id and input. Empty when the template is sound.
    public func validate() -> [WorkflowProblem] {
        var problems: [WorkflowProblem] = []
        func add(_ severity: WorkflowProblem.Severity, _ message: String, parameter: String? = nil,
                 node: String? = nil, input: String? = nil, file: String? = nil) {
            problems.append(WorkflowProblem(severity, message, file: file ?? sidecarPath, workflowID: id,
                                            parameter: parameter, node: node, input: input))
        }
        validateGraph(add: { add($0, $1, node: $2, input: $3, file: apiPath) })
        for name in parameterNames {
            guard let binding = bindings[name] else { continue }
            for target in binding.targets {
                validate(binding: binding, target: target, add: { add(.error, $0, parameter: name, node: target.node, input: target.input) })
            }
        }
        for (name, value) in defaults.sorted(by: { $0.key < $1.key }) {
            guard let binding = bindings[name] else {
                add(.error, "a default is given for '\(name)', but no binding of that name exists", parameter: name)
                continue
            }
            if name == "seed" {
                add(.warning, "a default seed makes every run identical (ComfyUI would answer from its cache); it is ignored and a random seed is used",
                    parameter: name)
                continue
            }
            guard let typed = value.converted(to: binding.kind) else {
                add(.error, "the default for '\(name)' is \(value.kind.phrase), but the parameter takes \(binding.kind.phrase)", parameter: name)
                continue
            }
            if let limit = limits[name], let reason = limit.violation(of: typed) {
                add(.error, "the default for '\(name)' is outside its limits: \(reason)", parameter: name)
            }
        }
        for name in limits.keys.sorted() where bindings[name] == nil {
            add(.error, "limits are given for '\(name)', but no binding of that name exists", parameter: name)
        }
        return problems.sorted { ($0.severity == .error ? 0 : 1) < ($1.severity == .error ? 0 : 1) }
    }

    /// True when `validate()` finds no error (warnings allowed).
    public var isValid: Bool { !validate().contains { $0.severity == .error } }

    private func validateGraph(add: (WorkflowProblem.Severity, String, String?, String?) -> Void) {
        if graph.isEmpty { add(.error, "the workflow has no nodes", nil, nil) }
        var hasOutput = false
        for node in graph.keys.sorted() {
            guard let entry = graph[node], entry.objectValue != nil else {
                add(.error, "node \(node) is not an object", node, nil)
                continue
            }
            guard let classType = entry["class_type"]?.stringValue, !classType.isEmpty else {
                add(.error, "node \(node) has no \"class_type\"", node, nil)
                continue
            }
            if Self.knownOutputClasses.contains(classType) { hasOutput = true }
            guard let inputs = entry["inputs"]?.objectValue else {
                add(.error, "node \(node) (\(classType)) has no \"inputs\" object", node, nil)
                continue
            }
            for input in inputs.keys.sorted() {
                guard let link = Self.link(inputs[input]) else { continue }
                if graph[link.node] == nil {
                    add(.error, "node \(node) (\(classType)) input '\(input)' links to node \(link.node), which does not exist", node, input)
                }
            }
        }
        if !graph.isEmpty && !hasOutput {
            add(.warning, "no known output node (SaveImage, SaveAudio, SaveVideo...); ComfyUI refuses a workflow without one unless a custom node is an output", nil, nil)
        }
    }

    private func validate(binding: WorkflowBinding, target: BindingTarget, add: (String) -> Void) {
        let name = binding.name
        guard let node = graph[target.node] else {
            add("binding '\(name)' points at node \(target.node), which does not exist")
            return
        }
        let classType = node["class_type"]?.stringValue ?? "?"
        guard let inputs = node["inputs"]?.objectValue else {
            add("binding '\(name)' points at node \(target.node) (\(classType)), which has no inputs")
            return
        }
        guard let value = inputs[target.input] else {
            let known = inputs.keys.sorted().joined(separator: ", ")
            add("binding '\(name)': node \(target.node) (\(classType)) has no input '\(target.input)' (it has: \(known))")
            return
        }
        if let link = Self.link(value) {
            add("binding '\(name)': node \(target.node) (\(classType)) input '\(target.input)' is a link to node \(link.node) output \(link.output), not a literal value; bind the node that holds the value")
            return
        }
        guard let literal = WorkflowValue(json: value) else {
            add("binding '\(name)': node \(target.node) (\(classType)) input '\(target.input)' holds \(value.kindDescription), not a literal value")
            return
        }
        if literal.converted(to: binding.kind) == nil {
            add("binding '\(name)' takes \(binding.kind.phrase), but node \(target.node) (\(classType)) input '\(target.input)' holds \(literal.kind.phrase) (\(literal))")
        }
    }

    /// A link value `["<node id>", <output index>]`, nil for anything else.
    static func link(_ value: JSONValue?) -> (node: String, output: Int64)? {
        guard let items = value?.arrayValue, items.count == 2 else { return nil }
        guard let node = items[0].stringValue ?? items[0].intValue.map({ String($0) }), let output = items[1].intValue else {
            return nil
        }
        return (node, output)
    }
}
