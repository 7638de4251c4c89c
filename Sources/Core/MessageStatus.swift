/// The life of a stored message. `streaming` is the only non-terminal state; a process
/// that dies leaves `streaming` rows, which the store turns into `interrupted` on open.
public enum MessageStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case streaming
    case complete
    case interrupted
    case error

    public var isTerminal: Bool { self != .streaming }
}
