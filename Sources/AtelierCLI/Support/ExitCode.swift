/// The exit codes of `atelier`, documented in `docs/CLI.md` and `atelier --help`.
/// Stable: scripts depend on them.
public enum ExitCode: Int32, Sendable, CaseIterable {
    case success = 0
    /// Something failed that has no more specific code.
    case failure = 1
    /// The command line was wrong: unknown verb or option, missing argument.
    case usage = 2
    /// Configuration or secrets are wrong: malformed config file, unknown model, key file readable by others.
    case configuration = 3
    /// A server could not be reached in time: refused, unresolvable, timed out, stalled.
    case unreachable = 4
    /// A server answered with an error: HTTP status, authentication, rate limit, model not found.
    case serverError = 5
    /// The reply broke off: incomplete stream, malformed data, an error after the stream began.
    case incomplete = 6
    /// The database could not be opened or written.
    case storage = 7
    /// Interrupted by the person (SIGINT).
    case interrupted = 130

    /// One line per code, for `--help`.
    public var meaning: String {
        switch self {
        case .success: return "success"
        case .failure: return "failure with no more specific code"
        case .usage: return "wrong command line"
        case .configuration: return "configuration, model name or key file problem"
        case .unreachable: return "a server could not be reached in time"
        case .serverError: return "a server answered with an error"
        case .incomplete: return "a reply broke off or was malformed (partial text is kept)"
        case .storage: return "the database could not be opened or written"
        case .interrupted: return "interrupted"
        }
    }
}
