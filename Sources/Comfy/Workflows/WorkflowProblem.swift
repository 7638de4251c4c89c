/// One thing wrong with a workflow file or template, for `workflows validate` and for the
/// load report: which file (or template), which node and input when it is about one, and a
/// one-line message that names them. A plain value.
public struct WorkflowProblem: Sendable, Hashable, CustomStringConvertible {
    /// How bad it is: errors stop the template from loading or running; warnings do not.
    public enum Severity: String, Sendable, Hashable {
        case error
        case warning
    }

    public var severity: Severity
    /// The file the problem is in (the API file or the sidecar), when known.
    public var file: String?
    /// The template id, when known.
    public var workflowID: String?
    /// The binding (parameter) name, when the problem is about one.
    public var parameter: String?
    /// The node id, when the problem is about one.
    public var node: String?
    /// The input name, when the problem is about one.
    public var input: String?
    /// One line that says what is wrong and, where it helps, what to do.
    public var message: String

    public init(_ severity: Severity, _ message: String, file: String? = nil, workflowID: String? = nil,
                parameter: String? = nil, node: String? = nil, input: String? = nil) {
        self.severity = severity
        self.message = message
        self.file = file
        self.workflowID = workflowID
        self.parameter = parameter
        self.node = node
        self.input = input
    }

    /// "<file or id>: <severity>: <message>".
    public var description: String {
        let place = file ?? workflowID ?? "workflow"
        return "\(place): \(severity.rawValue): \(message)"
    }
}
