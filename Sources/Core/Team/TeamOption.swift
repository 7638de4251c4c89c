/// One direction the team could not agree on, offered to the person when refinement ends
/// without consensus (`A`, `B`, ...). A plain value, stored with the session record so a
/// reply can still pick it after a restart.
public struct TeamOption: Sendable, Hashable, Codable {
    /// `A`, `B`, `C`, ...
    public var label: String
    /// The specialist whose proposal this is.
    public var role: TeamRole
    /// A short summary of that proposal (model text: neutralise before drawing).
    public var summary: String

    public init(label: String, role: TeamRole, summary: String) {
        self.label = label
        self.role = role
        self.summary = summary
    }
}
