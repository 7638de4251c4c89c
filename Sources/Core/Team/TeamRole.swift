/// One of the five specialists of a team session. The raw value is what the store keeps
/// (role → model map, phase log); `name` is the speaker label shown and stored with messages.
///
/// Invariant: the order of `allCases` is the order specialists are introduced and asked.
/// A plain value.
public enum TeamRole: String, Sendable, Hashable, Codable, CodingKeyRepresentable, CaseIterable, Comparable {
    /// Style: mood, colour, light, references.
    case luna
    /// Composition: camera, lens, framing, depth.
    case frame
    /// Story: emotion, narrative, intent; asks why.
    case saga
    /// Technical director: turns the consensus into a generation spec.
    case pixel
    /// Quality critic: coherence, risks, improvements.
    case lens

    /// The speaker label (`Luna`, `Frame`, ...).
    public var name: String {
        switch self {
        case .luna: return "Luna"
        case .frame: return "Frame"
        case .saga: return "Saga"
        case .pixel: return "Pixel"
        case .lens: return "Lens"
        }
    }

    /// The role's job in one word (`style`, `composition`, ...).
    public var title: String {
        switch self {
        case .luna: return "style"
        case .frame: return "composition"
        case .saga: return "story"
        case .pixel: return "technical director"
        case .lens: return "quality critic"
        }
    }

    /// The three specialists who discuss the idea (ideation, refinement, adjustments).
    public static let creative: [TeamRole] = [.luna, .frame, .saga]

    /// The role whose speaker label is `name` (case-insensitive), if any.
    public init?(name: String) {
        guard let role = TeamRole.allCases.first(where: { $0.name.lowercased() == name.lowercased() }) else { return nil }
        self = role
    }

    public static func < (lhs: TeamRole, rhs: TeamRole) -> Bool {
        (allCases.firstIndex(of: lhs) ?? 0) < (allCases.firstIndex(of: rhs) ?? 0)
    }
}
