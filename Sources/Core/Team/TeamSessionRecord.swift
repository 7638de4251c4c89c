import Foundation

/// The stored state of a team session (one row per session): where the flow stands, who
/// speaks with which model, the current spec and what waits for the person.
///
/// Invariants: `models` names a model for every `TeamRole`; `handledMessageID` is the id of
/// the last person's message the flow has consumed (answered, or taken as the request,
/// reply or change request): later user messages of the session are pending interjections;
/// `options` is non-empty only while `status == .awaitingChoice`; `error` is set when
/// `status == .failed`. A plain value; the engine's `TeamSession` owns the live copy.
public struct TeamSessionRecord: Sendable, Hashable, Codable {
    public var sessionID: Int64
    /// The request as the team understands it (the first message, plus answers to
    /// clarifying questions).
    public var request: String
    public var phase: TeamPhase
    public var status: TeamStatus
    /// The current refinement or adjustment round (0 before the first).
    public var round: Int
    /// How many times Lens has sent the current spec cycle back.
    public var reviewCount: Int
    /// How many change requests after a result have been taken up.
    public var iteration: Int
    public var models: [TeamRole: ModelRef]
    public var settings: TeamSettings
    /// The newest spec version, nil before the first.
    public var currentSpecVersion: Int?
    public var handledMessageID: Int64
    public var options: [TeamOption]
    public var error: String?
    public var createdAt: Date
    public var updatedAt: Date

    public init(sessionID: Int64, request: String = "", phase: TeamPhase = .ideation, status: TeamStatus = .idle,
                round: Int = 0, reviewCount: Int = 0, iteration: Int = 0, models: [TeamRole: ModelRef],
                settings: TeamSettings = TeamSettings(), currentSpecVersion: Int? = nil, handledMessageID: Int64 = 0,
                options: [TeamOption] = [], error: String? = nil, createdAt: Date, updatedAt: Date) {
        self.sessionID = sessionID
        self.request = request
        self.phase = phase
        self.status = status
        self.round = round
        self.reviewCount = reviewCount
        self.iteration = iteration
        self.models = models
        self.settings = settings
        self.currentSpecVersion = currentSpecVersion
        self.handledMessageID = handledMessageID
        self.options = options
        self.error = error
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
