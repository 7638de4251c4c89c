import Comfy
import Core
import Foundation

/// `atelier workflows list|validate`: the workflow templates Atelier finds (shipped, then
/// the user's folder) and what is wrong with any of them, by file, node id and input.
public struct WorkflowsVerb: Verb {
    public init() {}
    public let name = "workflows"
    public let summary = "list the ComfyUI workflows, or check their bindings"
    public let help = """
    Usage: atelier workflows list [--json]
           atelier workflows validate [ID...] [--json]

    Workflows are pairs of files, <id>.api.json (ComfyUI's API export) and <id>.meta.json
    (title, media type, bindings, defaults, limits), loaded from the shipped Workflows/
    folder and then from workflows/ next to config.json ($ATELIER_HOME/workflows, else
    $XDG_CONFIG_HOME/atelier/workflows); a pair of yours replaces a shipped one of the same id.

    list       one line per workflow: id, media type, title, parameters, where it comes from
    validate   every problem of the named workflows (all when none is named), each naming
               its file, node id and input; exits 1 when any is an error, 0 otherwise

    Options:
      --json   one JSON object per workflow (list) or per problem (validate)

    """

    /// One `workflows list --json` line. A plain value.
    struct Listed: Encodable {
        var id: String
        var title: String
        var mediaType: String
        var parameters: [String]
        var takesPrompt: Bool
        var optimizes: Bool
        var origin: String
        var file: String?
        var errors: Int
    }

    /// One `workflows validate --json` line: a problem with its file, node and input. A plain value.
    struct Problem: Encodable {
        var workflow: String?
        var severity: String
        var file: String?
        var parameter: String?
        var node: String?
        var input: String?
        var message: String
    }

    public func run(_ arguments: [String], context: CLIContext) async throws -> ExitCode {
        let args = try ArgumentList(arguments, spec: .init(flags: [["--json"]]), verb: name)
        guard let sub = args.positionals.first else { throw CLIError.usage("say `list` or `validate [ID...]`", verb: name) }
        let config = try context.loadConfig()
        let directories = GenerationWiring.workflowDirectories(config)
        let library = WorkflowLibrary.load(directories: directories)
        let json = args.has("--json")
        switch sub {
        case "list":
            guard args.positionals.count == 1 else { throw CLIError.usage("`list` takes no arguments", verb: name) }
            list(library, user: GenerationWiring.userWorkflowsDirectory(config), json: json, context: context)
            if GenerationWiring.shippedWorkflowsDirectory() == nil && !json {
                context.streams.err("atelier \(name): the shipped Workflows/ folder was not found next to the atelier binary\n")
            }
            return .success
        case "validate":
            return try validate(library, ids: Array(args.positionals.dropFirst()), json: json, context: context)
        default:
            throw CLIError.usage("unknown subcommand '\(sub.prefix(40))'", verb: name)
        }
    }

    private func list(_ library: WorkflowLibrary, user: String, json: Bool, context: CLIContext) {
        for template in library.templates {
            let origin = template.sidecarPath?.hasPrefix(user + "/") == true ? "user" : "shipped"
            let errors = library.problems(for: template.id).filter { $0.severity == .error }.count
            if json {
                context.streams.out(JSONLines().line(Listed(
                    id: template.id, title: template.title, mediaType: template.mediaType.rawValue,
                    parameters: template.parameterNames, takesPrompt: template.bindings["prompt"] != nil,
                    optimizes: !(template.optimizationInstruction ?? "").isEmpty, origin: origin,
                    file: template.sidecarPath, errors: errors)))
                continue
            }
            var line = "\(template.id.padding(toLength: 24, withPad: " ", startingAt: 0)) "
                + "\(template.mediaType.rawValue.padding(toLength: 6, withPad: " ", startingAt: 0)) \(template.title)"
            line += "\n    parameters: \(template.parameterNames.joined(separator: ", "))  (\(origin))"
            if errors > 0 { line += "\n    \(errors) error\(errors == 1 ? "" : "s"): see `atelier workflows validate \(template.id)`" }
            context.streams.outUntrusted(line + "\n")
        }
        let broken = library.problems.filter { $0.severity == .error && $0.workflowID.flatMap(library.template(id:)) == nil }
        if !broken.isEmpty && !json {
            context.streams.err("atelier \(name): \(broken.count) file problem\(broken.count == 1 ? "" : "s") kept a workflow from loading: see `atelier workflows validate`\n")
        }
    }

    private func validate(_ library: WorkflowLibrary, ids: [String], json: Bool, context: CLIContext) throws -> ExitCode {
        var problems: [WorkflowProblem] = []
        if ids.isEmpty {
            problems = library.problems
        } else {
            for id in ids {
                let found = library.problems(for: id)
                guard library.template(id: id) != nil || !found.isEmpty else {
                    let known = library.templates.map(\.id).joined(separator: ", ")
                    throw CLIError.usage("no workflow '\(MessageFormatter.oneLine(id, limit: 60))'; available: \(known)", verb: name)
                }
                problems += found
            }
        }
        for problem in problems {
            if json {
                context.streams.out(JSONLines().line(Problem(
                    workflow: problem.workflowID, severity: problem.severity.rawValue, file: problem.file,
                    parameter: problem.parameter, node: problem.node, input: problem.input, message: problem.message)))
            } else {
                context.streams.outUntrusted(Self.describe(problem) + "\n")
            }
        }
        let errors = problems.filter { $0.severity == .error }.count
        let checked = ids.isEmpty ? library.templates.count : ids.count
        if !json {
            let warnings = problems.count - errors
            context.streams.err("\(checked) workflow\(checked == 1 ? "" : "s") checked: \(errors) error\(errors == 1 ? "" : "s"), "
                + "\(warnings) warning\(warnings == 1 ? "" : "s")\n")
        }
        return errors > 0 ? .failure : .success
    }

    /// `FILE: error: MESSAGE [node N, input 'x']` — the place is added when the message lacks it.
    static func describe(_ problem: WorkflowProblem) -> String {
        var text = problem.description
        var place: [String] = []
        if let node = problem.node, !problem.message.contains("node \(node)") { place.append("node \(node)") }
        if let input = problem.input, !problem.message.contains(input) { place.append("input '\(input)'") }
        if !place.isEmpty { text += " [\(place.joined(separator: ", "))]" }
        return text
    }
}
