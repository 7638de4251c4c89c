import Core

/// What a chorus run group is asked to do: one prompt (with a version name) to every chosen
/// artist, one fixed brush, and an optional budget in dollars. A plain value.
public struct ChorusRequest: Sendable, Hashable {
    public var prompt: String
    /// The prompt's version name; nil: `sha-` and the first 8 hex digits of its SHA-256.
    public var promptVersion: String?
    public var artists: [Artist]
    public var brush: BrushSettings
    /// The most the group may spend; nil: no limit.
    public var budget: Double?
    /// The format instruction; the default asks for the two marked sections.
    public var systemPrompt: String

    public init(prompt: String, promptVersion: String? = nil, artists: [Artist], brush: BrushSettings,
                budget: Double? = nil, systemPrompt: String = ChorusPrompts.artistSystem) {
        self.prompt = prompt
        self.promptVersion = promptVersion
        self.artists = artists
        self.brush = brush
        self.budget = budget
        self.systemPrompt = systemPrompt
    }
}

/// Why a chorus request or command cannot go ahead. A plain value; `description` is one
/// line a person can act on.
public enum ChorusError: Error, Sendable, Hashable, CustomStringConvertible {
    case emptyPrompt
    case noArtists
    case unknownArtist(String, available: [String])
    case duplicateArtist(String)
    case invalidArtistSlug(String)
    case invalidBudget
    /// The estimate (registry prices, maximum output) is above the budget.
    case overBudget(estimate: Double, budget: Double, unpriced: [String])
    case noSuchGroup(Int64)
    /// The group is running (here, or in another process).
    case groupRunning(Int64)
    case nothingToRerun(Int64)

    public var description: String {
        switch self {
        case .emptyPrompt:
            return "the prompt is empty; give the artists a brief"
        case .noArtists:
            return "no artists chosen; name them with --artists A,B,C"
        case .unknownArtist(let name, let available):
            return "unknown artist '\(name.prefix(60))'; known: \(available.joined(separator: ", ")) (or give provider:model)"
        case .duplicateArtist(let slug):
            return "artist '\(slug)' is listed twice"
        case .invalidArtistSlug(let slug):
            return "'\(slug.prefix(60))' is not an artist slug (use 1-64 of a-z, 0-9, -, _ and .)"
        case .invalidBudget:
            return "the budget must be a number of dollars, zero or more"
        case .overBudget(let estimate, let budget, let unpriced):
            var line = "the estimated cost \(Self.dollars(estimate)) exceeds the budget \(Self.dollars(budget))"
            if !unpriced.isEmpty { line += " (no price known for \(unpriced.joined(separator: ", ")), counted as free)" }
            return line + "; raise the budget or choose fewer or cheaper artists"
        case .noSuchGroup(let id):
            return "there is no chorus group \(id)"
        case .groupRunning(let id):
            return "chorus group \(id) is still running; cancel it first"
        case .nothingToRerun(let id):
            return "chorus group \(id) has no failed artists to run again"
        }
    }

    /// Dollars with four decimals (`$0.0123`).
    static func dollars(_ value: Double) -> String {
        let cents = (value * 10_000).rounded() / 10_000
        var text = String(cents)
        if let dot = text.firstIndex(of: ".") {
            let decimals = text.distance(from: dot, to: text.endIndex) - 1
            if decimals < 4 { text += String(repeating: "0", count: 4 - decimals) }
        }
        return "$" + text
    }
}
