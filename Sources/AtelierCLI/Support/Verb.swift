/// One `atelier` verb: its name, one-line summary, full help, and how it runs.
/// Verbs are values; `run` is called once, on the main task, and returns the exit code
/// or throws a `CLIError` that the runner prints as one line.
public protocol Verb: Sendable {
    var name: String { get }
    var summary: String { get }
    /// The text of `atelier <verb> --help`: usage line, options, examples.
    var help: String { get }
    func run(_ arguments: [String], context: CLIContext) async throws -> ExitCode
}
