/// Who a piece of the conversation comes from; decides the name shown and its theme colour.
/// A plain value.
public enum Speaker: Sendable, Hashable {
    /// The person at the keyboard.
    case user
    /// One of the five team specialists.
    case specialist(Specialist)
    /// A model speaking for itself (`/ask`, a debate participant, the debate's master model).
    case model(String)
    /// A chorus artist.
    case artist(String)
    /// Atelier itself: notes, errors, phase changes.
    case system

    /// The name shown in the conversation.
    public var displayName: String {
        switch self {
        case .user: return "You"
        case .specialist(let specialist): return specialist.displayName
        case .model(let name), .artist(let name): return name
        case .system: return "Atelier"
        }
    }

    /// The same speaker with a model's or artist's name made inert (names come from servers).
    var sanitized: Speaker {
        switch self {
        case .model(let name): return .model(Sanitize.line(name))
        case .artist(let name): return .artist(Sanitize.line(name))
        case .user, .specialist, .system: return self
        }
    }

    /// The speaker for a stored `speaker` string: `you`/`user`, a specialist's name, else a model.
    public init(storedName: String) {
        let lowered = storedName.lowercased()
        if lowered == "you" || lowered == "user" {
            self = .user
        } else if let specialist = Specialist(rawValue: lowered) {
            self = .specialist(specialist)
        } else if lowered == "atelier" || lowered == "system" {
            self = .system
        } else {
            self = .model(storedName)
        }
    }
}

/// The five specialists of a team session, in the order the board lists them.
public enum Specialist: String, CaseIterable, Sendable, Hashable {
    case luna, frame, saga, pixel, lens

    /// The name as people read it (`Luna`).
    public var displayName: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }

    /// What the specialist looks after.
    public var role: String {
        switch self {
        case .luna: return "style"
        case .frame: return "composition"
        case .saga: return "story"
        case .pixel: return "technical"
        case .lens: return "critic"
        }
    }
}

/// The phase of a team session (the engine's order), plus `idle` before one starts.
public enum TeamPhase: String, CaseIterable, Sendable, Hashable {
    case idle, ideation, refinement, synthesis, review, generating, complete

    /// True while specialists take turns: a message typed now is an interjection.
    public var isTalking: Bool {
        switch self {
        case .ideation, .refinement, .synthesis, .review: return true
        case .idle, .generating, .complete: return false
        }
    }
}
