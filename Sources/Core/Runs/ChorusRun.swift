import Foundation

/// One artist's run in a chorus group: the artist (as it was when the group started), its
/// status and stage, what it wrote (statement and image prompt, with parse warnings), the
/// generation its image prompt became, and per-stage figures.
///
/// Invariants: `error` is set only when `status == .failed`; `stage` is nil while `queued`;
/// `attempts` counts artist calls made (retries included, across re-runs). A plain value,
/// as the store returns it.
public struct ChorusRun: Sendable, Hashable, Codable, Identifiable {
    public var id: Int64
    public var groupID: Int64
    public var position: Int
    public var artist: Artist
    public var status: ChorusRunStatus
    public var stage: ChorusStage?
    public var error: String?
    /// Parse problems the person should see ("no FINAL IMAGE PROMPT section…").
    public var warnings: [String]
    public var attempts: Int
    /// The artist's full answer, in the group's session.
    public var messageID: Int64?
    public var statement: String?
    public var imagePrompt: String?
    public var generationID: Int64?
    /// The generation's status, joined in when loaded.
    public var generationStatus: StoredGeneration.Status?
    public var artistMetrics: StageMetrics
    public var brushMetrics: StageMetrics
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: Int64, groupID: Int64, position: Int, artist: Artist, status: ChorusRunStatus,
                stage: ChorusStage? = nil, error: String? = nil, warnings: [String] = [], attempts: Int = 0,
                messageID: Int64? = nil, statement: String? = nil, imagePrompt: String? = nil,
                generationID: Int64? = nil, generationStatus: StoredGeneration.Status? = nil,
                artistMetrics: StageMetrics = .empty, brushMetrics: StageMetrics = .empty,
                createdAt: Date, updatedAt: Date) {
        self.id = id
        self.groupID = groupID
        self.position = position
        self.artist = artist
        self.status = status
        self.stage = stage
        self.error = error
        self.warnings = warnings
        self.attempts = attempts
        self.messageID = messageID
        self.statement = statement
        self.imagePrompt = imagePrompt
        self.generationID = generationID
        self.generationStatus = generationStatus
        self.artistMetrics = artistMetrics
        self.brushMetrics = brushMetrics
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// Artist and brush cost together; nil when neither is known.
    public var totalCost: Double? {
        switch (artistMetrics.cost, brushMetrics.cost) {
        case (nil, nil): return nil
        case let (artist, brush): return (artist ?? 0) + (brush ?? 0)
        }
    }

    /// Artist and brush seconds together; nil when neither is known.
    public var totalLatency: Double? {
        switch (artistMetrics.latency, brushMetrics.latency) {
        case (nil, nil): return nil
        case let (artist, brush): return (artist ?? 0) + (brush ?? 0)
        }
    }
}
