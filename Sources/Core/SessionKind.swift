/// What kind of conversation a stored session holds: a one-to-one chat, a team session,
/// a multi-model debate or a chorus run. Stored as its raw value. A plain value.
public enum SessionKind: String, Sendable, Hashable, Codable, CaseIterable {
    case chat
    case team
    case debate
    case chorus
}
