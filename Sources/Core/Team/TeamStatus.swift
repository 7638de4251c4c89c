/// Whether a team session is working, waiting for the person, done or stopped. Stored as
/// the raw value.
///
/// Invariants: only `running` has a live flow; `awaitingClarification`, `awaitingChoice`
/// and `ready` accept the person's next message and continue; `failed` and `interrupted`
/// can be resumed (the current phase starts again); `cancelled` is final. A plain value.
public enum TeamStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Created, nothing asked yet.
    case idle
    /// The team is talking.
    case running
    /// The request was empty or unclear; clarifying questions wait for an answer.
    case awaitingClarification = "awaiting_clarification"
    /// No consensus: the options wait for the person's choice.
    case awaitingChoice = "awaiting_choice"
    /// A spec is ready; a new message starts an adjustment.
    case ready
    /// The session stopped with an error (see the record's `error`).
    case failed
    /// The person cancelled the session.
    case cancelled
    /// The process stopped while the team was talking (found `running` when reopened).
    case interrupted

    /// True when the session waits for the person's message.
    public var isWaitingForUser: Bool {
        self == .awaitingClarification || self == .awaitingChoice
    }
}
