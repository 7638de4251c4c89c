/// Why a workflow could not be loaded or instantiated. `message` is one line naming the
/// parameter, node and input involved; `problems` carries the full list when several things
/// are wrong at once. A plain value.
public struct WorkflowError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure, for callers that react differently.
    public enum Kind: Sendable, Hashable {
        /// A file could not be read or is not valid JSON / not the expected shape.
        case unreadable
        /// The template itself is broken (a binding points nowhere...).
        case invalidTemplate
        /// A parameter name the template does not bind.
        case unknownParameter
        /// A parameter value of the wrong type.
        case wrongType
        /// A parameter value outside the template's limits.
        case outOfLimits
    }

    public var kind: Kind
    public var message: String
    /// The parameter concerned, if any.
    public var parameter: String?
    /// Every problem found (for `invalidTemplate` and `unreadable`).
    public var problems: [WorkflowProblem]

    public init(_ kind: Kind, _ message: String, parameter: String? = nil, problems: [WorkflowProblem] = []) {
        self.kind = kind
        self.message = message
        self.parameter = parameter
        self.problems = problems
    }

    public var description: String { message }
}
