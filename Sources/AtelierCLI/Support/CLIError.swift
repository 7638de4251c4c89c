/// A failure to report to the person as one clear line, with the exit code it maps to.
///
/// Invariant: `message` is one line, holds no secret, and has already been through the
/// redactor when it came from a server. A plain value.
public struct CLIError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var code: ExitCode

    public init(_ message: String, code: ExitCode = .failure) {
        self.message = message
        self.code = code
    }

    public static func usage(_ message: String, verb: String? = nil) -> CLIError {
        let help = verb.map { "atelier \($0) --help" } ?? "atelier --help"
        return CLIError("\(message) (see `\(help)`)", code: .usage)
    }

    public var description: String { message }
}
