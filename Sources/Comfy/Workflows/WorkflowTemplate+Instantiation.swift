/// A workflow ready to send: the API graph with every parameter applied, the values used
/// (defaults and the chosen seed included, so they can be archived) and any adjustment made
/// to fit the limits. A plain value.
public struct InstantiatedWorkflow: Sendable, Hashable {
    /// The template it came from.
    public var templateID: String
    public var mediaType: MediaType
    /// The API-format graph for `POST /prompt`.
    public var prompt: JSONValue
    /// Every parameter value applied, by name.
    public var parameters: [String: WorkflowValue]
    /// One line per value moved to fit the limits (only with `.clamp`).
    public var adjustments: [String]

    public init(templateID: String, mediaType: MediaType, prompt: JSONValue,
                parameters: [String: WorkflowValue], adjustments: [String] = []) {
        self.templateID = templateID
        self.mediaType = mediaType
        self.prompt = prompt
        self.parameters = parameters
        self.adjustments = adjustments
    }
}

/// What to do with a parameter value outside its limits. A plain value.
public enum LimitPolicy: Sendable, Hashable {
    /// Throw `WorkflowError.Kind.outOfLimits` naming the parameter and the limit.
    case reject
    /// Move it inside (clamp, round down to the multiple) and say so in `adjustments`.
    case clamp
}

extension WorkflowTemplate {
    /// The graph with every binding applied: the caller's values over the defaults, typed
    /// (an integer is accepted for a number, an integral number for an integer), checked
    /// against the limits, and a random seed when the template binds `seed` and none is
    /// given. Parameters without a value keep the workflow's own literal.
    /// Throws `WorkflowError`: `invalidTemplate` (validation errors), `unknownParameter`,
    /// `wrongType`, `outOfLimits`.
    public func instantiate(
        _ parameters: [String: WorkflowValue] = [:],
        limitPolicy: LimitPolicy = .reject,
        randomSeed: () -> Int64 = { Int64.random(in: 0..<(1 << 53)) }
    ) throws(WorkflowError) -> InstantiatedWorkflow {
        let errors = validate().filter { $0.severity == .error }
        if let first = errors.first {
            throw WorkflowError(.invalidTemplate, "workflow '\(id)' is broken: \(first.message)", problems: errors)
        }
        for name in parameters.keys.sorted() where bindings[name] == nil {
            throw unknownParameterError(name)
        }
        var values: [String: WorkflowValue] = [:]
        for (name, value) in defaults where bindings[name] != nil && name != "seed" { values[name] = value }
        for (name, value) in parameters { values[name] = value }
        if bindings["seed"] != nil, parameters["seed"] == nil { values["seed"] = .int(randomSeed()) }

        var applied: [String: WorkflowValue] = [:]
        var adjustments: [String] = []
        var graph = self.graph
        for name in values.keys.sorted() {
            guard let binding = bindings[name], let given = values[name] else { continue }
            guard var value = given.converted(to: binding.kind) else {
                throw WorkflowError(.wrongType, "parameter '\(name)' of workflow '\(id)' takes \(binding.kind.phrase); got \(given.kind.phrase) (\(given))",
                                    parameter: name)
            }
            if let limit = limits[name], let reason = limit.violation(of: value) {
                switch limitPolicy {
                case .reject:
                    throw WorkflowError(.outOfLimits, "parameter '\(name)' of workflow '\(id)': \(reason)", parameter: name)
                case .clamp:
                    guard let moved = limit.clamped(value) else {
                        throw WorkflowError(.outOfLimits, "parameter '\(name)' of workflow '\(id)': \(reason)", parameter: name)
                    }
                    adjustments.append("\(name): \(reason); used \(moved)")
                    value = moved
                }
            }
            if name == "seed", case .int(let seed) = value, seed < 0 {
                throw WorkflowError(.outOfLimits, "parameter 'seed' of workflow '\(id)' must not be negative; got \(seed)", parameter: name)
            }
            for target in binding.targets {
                guard case .object(var node) = graph[target.node], case .object(var inputs) = node["inputs"] else { continue }
                inputs[target.input] = value.json
                node["inputs"] = .object(inputs)
                graph[target.node] = .object(node)
            }
            applied[name] = value
        }
        return InstantiatedWorkflow(templateID: id, mediaType: mediaType, prompt: .object(graph),
                                    parameters: applied, adjustments: adjustments)
    }

    /// The values the template would use for `width` and `height` given these parameters
    /// (the caller's, else the default, else the workflow's literal); nil when it binds neither.
    public func size(with parameters: [String: WorkflowValue]) -> (width: Int64, height: Int64)? {
        func value(_ name: String) -> Int64? {
            if let given = parameters[name]?.converted(to: .int), case .int(let number) = given { return number }
            if let given = defaults[name]?.converted(to: .int), case .int(let number) = given { return number }
            guard let target = bindings[name]?.targets.first else { return nil }
            return graph[target.node]?["inputs"]?[target.input]?.intValue
        }
        guard let width = value("width"), let height = value("height") else { return nil }
        return (width, height)
    }
}
