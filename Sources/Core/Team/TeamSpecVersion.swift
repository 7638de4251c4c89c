import Foundation

/// One version of a team session's generation spec, as stored: versions count from 1 and
/// are never rewritten, except their review outcome. A plain value.
public struct TeamSpecVersion: Sendable, Hashable, Codable {
    /// Where the spec came from.
    public enum Source: String, Sendable, Hashable, Codable {
        /// Pixel's first answer parsed.
        case model
        /// Pixel's second answer (after a parse error) parsed.
        case retry
        /// Neither parsed: the template's defaults with the conversation's prompt.
        case fallback
    }

    /// What Lens made of it.
    public enum Review: String, Sendable, Hashable, Codable {
        case pending
        case approved
        case rejected
        /// Lens could not review it (its model failed); it went ahead.
        case unreviewed
        /// Lens rejected it after the last allowed send-back; it went ahead.
        case limitReached = "limit_reached"
    }

    public var sessionID: Int64
    public var version: Int
    public var spec: GenerationSpec
    public var source: Source
    public var review: Review
    /// Lens's reasons (rejection) or notes, when given.
    public var reviewNote: String?
    /// Pixel's message that produced the spec (nil for a fallback).
    public var messageID: Int64?
    public var createdAt: Date

    public init(sessionID: Int64, version: Int, spec: GenerationSpec, source: Source, review: Review = .pending,
                reviewNote: String? = nil, messageID: Int64? = nil, createdAt: Date) {
        self.sessionID = sessionID
        self.version = version
        self.spec = spec
        self.source = source
        self.review = review
        self.reviewNote = reviewNote
        self.messageID = messageID
        self.createdAt = createdAt
    }
}
