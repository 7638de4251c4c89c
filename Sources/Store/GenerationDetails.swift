import Core
import Foundation

/// Everything the store keeps about one generation: its row, the prompt pipeline's texts
/// (`idea` as the person gave it, `interception` when that step ran; the row's `positive`
/// is the prompt that is or was sent), the notes told to the person while it ran, how many
/// times it was submitted, when it started running and finished, and its saved files.
///
/// Invariants: `attempts >= 0`; `finishedAt` is set only for a terminal status (it is
/// cleared when a generation is sent again). A plain value; any actor may read it.
public struct GenerationDetails: Sendable, Hashable, Codable {
    public var generation: StoredGeneration
    public var idea: String?
    public var interception: String?
    public var notes: [String]
    public var attempts: Int
    public var startedAt: Date?
    public var finishedAt: Date?
    public var assets: [StoredAsset]

    public init(generation: StoredGeneration, idea: String? = nil, interception: String? = nil, notes: [String] = [],
                attempts: Int = 0, startedAt: Date? = nil, finishedAt: Date? = nil, assets: [StoredAsset] = []) {
        self.generation = generation
        self.idea = idea
        self.interception = interception
        self.notes = notes
        self.attempts = attempts
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.assets = assets
    }
}
