import Core

/// How a turn ended: the stored message (complete, error or interrupted) and, for a
/// failure, the error. A plain value.
public struct TurnOutcome: Sendable, Hashable {
    public var message: StoredMessage
    public var error: ProviderError?

    public init(message: StoredMessage, error: ProviderError? = nil) {
        self.message = message
        self.error = error
    }

    public var succeeded: Bool { error == nil && message.status == .complete }
    /// The answer text (the partial text for a failure).
    public var text: String { message.content }
}
