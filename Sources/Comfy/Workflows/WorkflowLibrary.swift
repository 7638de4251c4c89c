import Foundation

/// Every workflow template found in a list of directories (the repository's `Workflows/`,
/// then the user's `…/atelier/workflows`): each `<id>.meta.json` sidecar with its
/// `<id>.api.json` graph. A later directory overrides an earlier one by id. A broken pair is
/// left out and reported in `problems` (one entry per file and fault); the rest still load,
/// so a new pair of files appears with no code change. A plain value, safe anywhere.
public struct WorkflowLibrary: Sendable {
    /// The loaded templates by id.
    public private(set) var templatesByID: [String: WorkflowTemplate]
    /// Files that could not be loaded, and every validation problem of the loaded templates.
    public private(set) var problems: [WorkflowProblem]
    /// Ids that a later directory replaced: id → the sidecar that was overridden.
    public private(set) var overridden: [String: String]

    public init(templates: [WorkflowTemplate] = []) {
        templatesByID = Dictionary(templates.map { ($0.id, $0) }, uniquingKeysWith: { _, last in last })
        problems = []
        overridden = [:]
    }

    /// Loads every pair from `directories` in order. A directory that does not exist is
    /// skipped silently (the user's may never have been made); one that cannot be listed is
    /// a problem. Never throws.
    public static func load(directories: [String]) -> WorkflowLibrary {
        var library = WorkflowLibrary()
        for directory in directories { library.loadDirectory(directory) }
        for id in library.templatesByID.keys.sorted() {
            guard let template = library.templatesByID[id] else { continue }
            library.problems += template.validate()
        }
        return library
    }

    /// The templates sorted by id.
    public var templates: [WorkflowTemplate] { templatesByID.keys.sorted().compactMap { templatesByID[$0] } }

    /// The template with this id, nil when none.
    public func template(id: String) -> WorkflowTemplate? { templatesByID[id] }

    /// The template with this id, or an error listing the ids there are.
    public func require(id: String) throws(WorkflowError) -> WorkflowTemplate {
        if let template = templatesByID[id] { return template }
        let known = templatesByID.keys.sorted().joined(separator: ", ")
        throw WorkflowError(.unknownParameter, "no workflow '\(id)'; available: \(known.isEmpty ? "none" : known)")
    }

    /// The problems about one template (its files or its validation).
    public func problems(for id: String) -> [WorkflowProblem] {
        problems.filter { $0.workflowID == id || ($0.workflowID == nil && fileStem($0.file) == id) }
    }

    /// The directory list Atelier uses: the shipped `Workflows/` folder first, then
    /// `$XDG_CONFIG_HOME/atelier/workflows` (default `~/.config/atelier/workflows`).
    public static func standardDirectories(shipped: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        let configHome: String
        if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") {
            configHome = xdg
        } else {
            configHome = (environment["HOME"] ?? NSHomeDirectory()) + "/.config"
        }
        return [shipped, configHome + "/atelier/workflows"]
    }

    private mutating func loadDirectory(_ directory: String) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else {
            problems.append(WorkflowProblem(.error, "not a directory", file: directory))
            return
        }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        } catch {
            problems.append(WorkflowProblem(.error, "cannot list the directory (\(error.localizedDescription))", file: directory))
            return
        }
        let sidecars = Set(names.filter { $0.hasSuffix(WorkflowTemplate.sidecarSuffix) })
        let graphs = Set(names.filter { $0.hasSuffix(WorkflowTemplate.apiSuffix) })
        for graphName in graphs.sorted() {
            let stem = String(graphName.dropLast(WorkflowTemplate.apiSuffix.count))
            if !sidecars.contains(stem + WorkflowTemplate.sidecarSuffix) {
                problems.append(WorkflowProblem(.error, "no sidecar: add \(stem)\(WorkflowTemplate.sidecarSuffix) next to it (id, title, media_type, bindings)",
                                                file: directory + "/" + graphName))
            }
        }
        for sidecarName in sidecars.sorted() {
            let stem = String(sidecarName.dropLast(WorkflowTemplate.sidecarSuffix.count))
            let sidecarPath = directory + "/" + sidecarName
            let apiPath = directory + "/" + stem + WorkflowTemplate.apiSuffix
            guard graphs.contains(stem + WorkflowTemplate.apiSuffix) else {
                problems.append(WorkflowProblem(.error, "no workflow: \(stem)\(WorkflowTemplate.apiSuffix) is missing next to this sidecar",
                                                file: sidecarPath))
                continue
            }
            do {
                let template = try WorkflowTemplate.load(apiPath: apiPath, sidecarPath: sidecarPath)
                if let previous = templatesByID[template.id] { overridden[template.id] = previous.sidecarPath ?? previous.id }
                templatesByID[template.id] = template
            } catch {
                if error.problems.isEmpty {
                    problems.append(WorkflowProblem(.error, error.message, file: sidecarPath))
                } else {
                    problems += error.problems
                }
            }
        }
    }

    private func fileStem(_ path: String?) -> String? {
        guard let path else { return nil }
        for suffix in [WorkflowTemplate.sidecarSuffix, WorkflowTemplate.apiSuffix] where path.hasSuffix(suffix) {
            return WorkflowTemplate.stem(of: path, suffix: suffix)
        }
        return nil
    }
}
