import Core

/// Why a command to a `TeamSession` was refused. The flow's own failures do not throw:
/// they end the session in the `failed` status with a `TeamEvent.failed` message.
/// A plain value.
public enum TeamSessionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `start` was called twice.
    case alreadyStarted
    /// The session was cancelled; it takes no more messages.
    case cancelled
    /// `close` was called; the session object takes no more commands.
    case closed
    /// There is no session with this id, or it is not a team session.
    case notFound(Int64)
    /// `resume` found nothing to continue.
    case nothingToResume(TeamStatus)
    /// An interjection or reply with no text (only the request may be empty).
    case emptyMessage

    public var description: String {
        switch self {
        case .alreadyStarted: return "the team session has already started"
        case .cancelled: return "the team session was cancelled"
        case .closed: return "the team session is closed"
        case .notFound(let id): return "there is no team session \(id)"
        case .nothingToResume(let status): return "the team session has nothing to resume (it is \(status.rawValue))"
        case .emptyMessage: return "the message is empty"
        }
    }
}

/// A failure that ends the flow (the session becomes `failed` with this message).
struct TeamFailure: Error, Sendable {
    var message: String
}
