/// One result of a full-text search over stored messages.
///
/// Invariant: `snippet` is a short plain-text excerpt of the message in which each matched
/// part is wrapped in plain square brackets (`a [café] au lait`), with `…` where text was
/// cut. It is model text: neutralise control characters before drawing it. A plain value.
public struct SearchHit: Sendable, Hashable, Codable {
    public var messageID: Int64
    public var sessionID: Int64
    public var sessionTitle: String
    public var speaker: String
    public var snippet: String

    public init(messageID: Int64, sessionID: Int64, sessionTitle: String, speaker: String, snippet: String) {
        self.messageID = messageID
        self.sessionID = sessionID
        self.sessionTitle = sessionTitle
        self.speaker = speaker
        self.snippet = snippet
    }
}
