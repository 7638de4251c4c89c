import Core

/// One model call made on behalf of a speaker (a specialist, a debating model, an artist):
/// who speaks, with which model, in which session, with the whole context. A plain value.
public struct TurnRequest: Sendable, Hashable {
    public var sessionID: Int64
    /// The name shown and stored with the message (`Luna`, `Response A`, an artist slug...).
    public var speaker: String
    public var model: ModelRef
    /// The full context: specialists are stateless, so this is everything the model sees.
    public var messages: [ChatMessage]
    public var temperature: Double?
    public var maxTokens: Int?
    public var jsonMode: Bool

    public init(sessionID: Int64, speaker: String, model: ModelRef, messages: [ChatMessage],
                temperature: Double? = nil, maxTokens: Int? = nil, jsonMode: Bool = false) {
        self.sessionID = sessionID
        self.speaker = speaker
        self.model = model
        self.messages = messages
        self.temperature = temperature
        self.maxTokens = maxTokens
        self.jsonMode = jsonMode
    }
}
