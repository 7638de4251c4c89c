import Foundation

extension WorkflowTemplate {
    /// The largest workflow or sidecar file read (4 MiB).
    public static let maxFileBytes = 4 << 20
    /// File name endings: `<id>.api.json` is the graph, `<id>.meta.json` the sidecar.
    public static let apiSuffix = ".api.json"
    public static let sidecarSuffix = ".meta.json"

    /// Reads and parses a pair of files. Throws `WorkflowError` (`unreadable`) listing every
    /// structural problem found (bad JSON, missing or mistyped sidecar fields); broken
    /// bindings are not thrown here but reported by `validate()`.
    public static func load(apiPath: String, sidecarPath: String) throws(WorkflowError) -> WorkflowTemplate {
        let apiData = try readFile(apiPath)
        let sidecarData = try readFile(sidecarPath)
        return try load(apiData: apiData, sidecarData: sidecarData, apiPath: apiPath, sidecarPath: sidecarPath)
    }

    /// Parses a pair of files already read, with the same checks and errors as
    /// `load(apiPath:sidecarPath:)`. The paths only name the files in messages and give the
    /// expected id (the sidecar's stem); nothing is read from disk. Data over `maxFileBytes`
    /// is refused.
    public static func load(apiData: Data, sidecarData: Data, apiPath: String,
                            sidecarPath: String) throws(WorkflowError) -> WorkflowTemplate {
        let apiJSON = try parseJSON(apiData, path: apiPath)
        let sidecarJSON = try parseJSON(sidecarData, path: sidecarPath)
        var problems: [WorkflowProblem] = []
        func fail(_ message: String, parameter: String? = nil) {
            problems.append(WorkflowProblem(.error, message, file: sidecarPath, parameter: parameter))
        }
        guard let graph = apiJSON.objectValue else {
            throw WorkflowError(.unreadable, "\(apiPath): not an API-format workflow (the top level must be an object of nodes)",
                                problems: [WorkflowProblem(.error, "the top level must be an object of nodes", file: apiPath)])
        }
        if graph["nodes"] != nil, graph["links"] != nil {
            let message = "this is a UI-format workflow; export it with \"Save (API)\" in ComfyUI"
            throw WorkflowError(.unreadable, "\(apiPath): \(message)", problems: [WorkflowProblem(.error, message, file: apiPath)])
        }
        guard let sidecar = sidecarJSON.objectValue else {
            throw WorkflowError(.unreadable, "\(sidecarPath): the sidecar must be a JSON object",
                                problems: [WorkflowProblem(.error, "the sidecar must be a JSON object", file: sidecarPath)])
        }
        let stem = Self.stem(of: sidecarPath, suffix: sidecarSuffix)
        let id = sidecar["id"]?.stringValue ?? stem
        if sidecar["id"] != nil, sidecar["id"]?.stringValue == nil { fail("'id' must be a string") }
        if id != stem { fail("'id' is \"\(id)\" but the files are named \"\(stem)\"; they must match") }
        let title = sidecar["title"]?.stringValue ?? id
        var mediaType = MediaType.image
        if let raw = sidecar["media_type"]?.stringValue, let parsed = MediaType(rawValue: raw) {
            mediaType = parsed
        } else {
            let allowed = MediaType.allCases.map(\.rawValue).joined(separator: ", ")
            fail("'media_type' must be one of \(allowed)")
        }
        let bindings = parseBindings(sidecar["bindings"], graph: graph, fail: fail)
        let defaults = parseDefaults(sidecar["defaults"], fail: fail)
        let limits = parseLimits(sidecar["limits"], fail: fail)
        var instruction: String?
        if let value = sidecar["optimization_instruction"], !value.isNull {
            if let text = value.stringValue {
                instruction = text.isEmpty ? nil : text
            } else {
                fail("'optimization_instruction' must be a string")
            }
        }
        guard problems.isEmpty else {
            let first = problems[0].message
            throw WorkflowError(.unreadable, "\(sidecarPath): \(first)", problems: problems)
        }
        return WorkflowTemplate(
            id: id, title: title, mediaType: mediaType, summary: sidecar["description"]?.stringValue ?? "",
            graph: graph, bindings: bindings, defaults: defaults, limits: limits,
            optimizationInstruction: instruction, apiPath: apiPath, sidecarPath: sidecarPath)
    }

    static func stem(of path: String, suffix: String) -> String {
        let name = (path as NSString).lastPathComponent
        return name.hasSuffix(suffix) ? String(name.dropLast(suffix.count)) : name
    }

    private static func readFile(_ path: String) throws(WorkflowError) -> Data {
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            if let size = attributes[.size] as? Int, size > maxFileBytes {
                throw tooLarge(path, size: size)
            }
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch let error as WorkflowError {
            throw error
        } catch {
            throw WorkflowError(.unreadable, "\(path): cannot read the file (\(error.localizedDescription))",
                                problems: [WorkflowProblem(.error, "cannot read the file", file: path)])
        }
    }

    private static func tooLarge(_ path: String, size: Int) -> WorkflowError {
        WorkflowError(.unreadable, "\(path): the file is \(size) bytes, more than the \(maxFileBytes) allowed",
                      problems: [WorkflowProblem(.error, "the file is larger than \(maxFileBytes) bytes", file: path)])
    }

    private static func parseJSON(_ data: Data, path: String) throws(WorkflowError) -> JSONValue {
        guard data.count <= maxFileBytes else { throw tooLarge(path, size: data.count) }
        do {
            return try JSONValue.parse(data)
        } catch {
            throw WorkflowError(.unreadable, "\(path): \(error.reason)",
                                problems: [WorkflowProblem(.error, error.reason, file: path)])
        }
    }

    private static func parseBindings(_ value: JSONValue?, graph: [String: JSONValue],
                                      fail: (String, String?) -> Void) -> [String: WorkflowBinding] {
        guard let value else { return [:] }
        guard let members = value.objectValue else {
            fail("'bindings' must be an object of parameter name → {\"node\", \"input\"}", nil)
            return [:]
        }
        var bindings: [String: WorkflowBinding] = [:]
        for (name, spec) in members {
            var targetSpecs: [JSONValue] = []
            if let list = spec["targets"]?.arrayValue {
                targetSpecs = list
            } else if spec.objectValue != nil {
                targetSpecs = [spec]
            }
            var targets: [BindingTarget] = []
            for targetSpec in targetSpecs {
                let node = targetSpec["node"]?.stringValue ?? targetSpec["node"]?.intValue.map { String($0) }
                guard let node, let input = targetSpec["input"]?.stringValue, !input.isEmpty else {
                    fail("binding '\(name)' needs \"node\" (a node id) and \"input\" (an input name)", name)
                    continue
                }
                targets.append(BindingTarget(node: node, input: input))
            }
            if targetSpecs.isEmpty { fail("binding '\(name)' needs \"node\" and \"input\" (or \"targets\")", name) }
            guard !targets.isEmpty else { continue }
            var kind = StandardParameter.kind(of: name)
            if let typeName = spec["type"]?.stringValue {
                guard let declared = ParameterKind(rawValue: typeName) else {
                    fail("binding '\(name)': type must be int, float, string or bool", name)
                    continue
                }
                kind = declared
            }
            if kind == nil, let first = targets.first,
               let literal = graph[first.node]?["inputs"]?[first.input].flatMap(WorkflowValue.init(json:)) {
                kind = literal.kind
            }
            // Without a type or a literal to learn it from, the binding is kept as a string so
            // that validate() can name the missing node or input.
            bindings[name] = WorkflowBinding(name: name, kind: kind ?? .string, targets: targets)
        }
        return bindings
    }

    private static func parseDefaults(_ value: JSONValue?, fail: (String, String?) -> Void) -> [String: WorkflowValue] {
        guard let value else { return [:] }
        guard let members = value.objectValue else {
            fail("'defaults' must be an object of parameter name → value", nil)
            return [:]
        }
        var defaults: [String: WorkflowValue] = [:]
        for (name, raw) in members {
            guard let parsed = WorkflowValue(json: raw) else {
                fail("default for '\(name)' must be a number, string or boolean", name)
                continue
            }
            defaults[name] = parsed
        }
        return defaults
    }

    private static func parseLimits(_ value: JSONValue?, fail: (String, String?) -> Void) -> [String: ParameterLimits] {
        guard let value else { return [:] }
        guard let members = value.objectValue else {
            fail("'limits' must be an object of parameter name → {\"min\", \"max\", ...}", nil)
            return [:]
        }
        var limits: [String: ParameterLimits] = [:]
        for (name, raw) in members {
            guard raw.objectValue != nil else {
                fail("limits for '\(name)' must be an object", name)
                continue
            }
            var limit = ParameterLimits()
            limit.min = raw["min"]?.doubleValue
            limit.max = raw["max"]?.doubleValue
            limit.multipleOf = raw["multiple_of"]?.intValue
            limit.options = raw["options"]?.arrayValue?.compactMap(\.stringValue)
            limit.maxLength = raw["max_length"]?.intValue.map { Int($0) }
            if let multiple = limit.multipleOf, multiple <= 0 { fail("limits for '\(name)': multiple_of must be positive", name) }
            if let low = limit.min, let high = limit.max, low > high {
                fail("limits for '\(name)': min \(ParameterLimits.show(low)) is above max \(ParameterLimits.show(high))", name)
            }
            limits[name] = limit
        }
        return limits
    }
}
