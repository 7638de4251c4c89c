import Core

/// Decides which specialists a person's message concerns. Stateless.
///
/// 1. Specialists named in the message answer, in role order. A name counts when it is
///    written with a capital (`Luna`, `FRAME`) or after `@` in any case (`@lens`), so
///    "a lens flare" or "pixel art" name nobody.
/// 2. Otherwise, among the current phase's speakers (ideation, refinement, adjustment and
///    ready: Luna, Frame, Saga; synthesis: Pixel; review: Lens), those whose topic words
///    the message uses (`neon` → Luna, `closer` → Frame, `lonely` → Saga...).
/// 3. Otherwise every speaker of the current phase.
public enum InterjectionRouter {
    /// The specialists who answer an interjection made during `phase`.
    public static func roles(for text: String, phase: TeamPhase) -> [TeamRole] {
        let named = addressed(in: text)
        if !named.isEmpty { return named }
        let speakers = speakers(of: phase)
        let topical = topical(in: text, among: speakers)
        return topical.isEmpty ? speakers : topical
    }

    /// The specialists who discuss a change request after a result (Pixel and Lens always
    /// follow): the creative specialists named, else those whose topics it uses, else all three.
    /// Naming only Pixel or Lens skips the discussion.
    public static func rolesForChange(_ text: String) -> [TeamRole] {
        let named = addressed(in: text)
        if !named.isEmpty { return named.filter(TeamRole.creative.contains) }
        let topical = topical(in: text, among: TeamRole.creative)
        return topical.isEmpty ? TeamRole.creative : topical
    }

    /// The speakers of a phase.
    public static func speakers(of phase: TeamPhase) -> [TeamRole] {
        switch phase {
        case .ideation, .refinement, .adjustment, .ready: return TeamRole.creative
        case .synthesis: return [.pixel]
        case .review: return [.lens]
        }
    }

    /// Roles named in `text` (capitalised, or after `@`), in role order.
    public static func addressed(in text: String) -> [TeamRole] {
        var found: Set<TeamRole> = []
        var word = ""
        var afterAt = false
        var wordAfterAt = false
        func flush() {
            defer { word = "" }
            guard let first = word.first else { return }
            if let role = TeamRole(name: word), first.isUppercase || wordAfterAt { found.insert(role) }
        }
        for char in text + " " {
            if char.isLetter {
                if word.isEmpty { wordAfterAt = afterAt }
                word.append(char)
                afterAt = false
            } else {
                flush()
                afterAt = char == "@"
            }
        }
        return TeamRole.allCases.filter(found.contains)
    }

    /// Roles among `roles` whose persona topics `text` uses, in role order.
    public static func topical(in text: String, among roles: [TeamRole]) -> [TeamRole] {
        var words: Set<String> = []
        var current = ""
        for char in text.lowercased() + " " {
            if char.isLetter {
                current.append(char)
            } else {
                if !current.isEmpty { words.insert(current) }
                current = ""
            }
        }
        return roles.filter { !TeamPersona.of($0).topics.isDisjoint(with: words) }
    }
}
