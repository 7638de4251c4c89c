import Foundation

/// What every verb needs from the outside world: the environment (injected, so tests can
/// run verbs in-process with their own), the standard streams, and secret redaction.
/// Made once per command by the runner; used on the verb's task.
public struct CLIContext: Sendable {
    public var environment: [String: String]
    public var streams: StandardStreams

    public init(environment: [String: String], streams: StandardStreams) {
        self.environment = environment
        self.streams = streams
    }

    /// Removes every secret value this process knows of from a message before it is shown.
    public func redact(_ message: String) -> String {
        var result = message
        for (name, value) in environment where name.hasSuffix("_API_KEY") && value.count >= 4 {
            result = result.replacingOccurrences(of: value, with: "[redacted]")
        }
        return result
    }
}
