import Foundation

/// One step of a team session's phase log: the phase entered, its round (refinement and
/// adjustment rounds count from 1; other phases use the current round) and when. The log
/// is append-only and ordered by `id`. A plain value.
public struct TeamPhaseEntry: Sendable, Hashable, Codable {
    public var id: Int64
    public var sessionID: Int64
    public var phase: TeamPhase
    public var round: Int
    public var at: Date

    public init(id: Int64, sessionID: Int64, phase: TeamPhase, round: Int, at: Date) {
        self.id = id
        self.sessionID = sessionID
        self.phase = phase
        self.round = round
        self.at = at
    }
}
