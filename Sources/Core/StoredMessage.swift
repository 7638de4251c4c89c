import Foundation

/// One message of a session as the store holds it: who said it, what, and how it ended.
///
/// Invariants: `status == .streaming` means the text may still grow (or its writer died and
/// the next open marks it `.interrupted`); `error` is set only for `.error`/`.interrupted`
/// messages that have a reason; `latency` and `timeToFirstToken` are seconds (stored to the
/// millisecond). `usage` is nil when no token counts were recorded. A plain value.
public struct StoredMessage: Sendable, Hashable, Codable, Identifiable {
    public var id: Int64
    public var sessionID: Int64
    public var role: ChatRole
    /// Who spoke: `you`, a specialist's name (`Luna`), or a model name.
    public var speaker: String
    /// The model reference that produced the text (`ollama:llama3.2`), nil for a person.
    public var model: String?
    public var content: String
    public var status: MessageStatus
    public var error: String?
    public var usage: Usage?
    /// From request to the end of the reply, in seconds.
    public var latency: Double?
    /// From request to the first content, in seconds.
    public var timeToFirstToken: Double?
    /// US dollars, when known.
    public var cost: Double?
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: Int64, sessionID: Int64, role: ChatRole, speaker: String, model: String?,
                content: String, status: MessageStatus, error: String? = nil, usage: Usage? = nil,
                latency: Double? = nil, timeToFirstToken: Double? = nil, cost: Double? = nil,
                createdAt: Date, updatedAt: Date) {
        self.id = id
        self.sessionID = sessionID
        self.role = role
        self.speaker = speaker
        self.model = model
        self.content = content
        self.status = status
        self.error = error
        self.usage = usage
        self.latency = latency
        self.timeToFirstToken = timeToFirstToken
        self.cost = cost
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The message as context for a model call.
    public var chatMessage: ChatMessage { ChatMessage(role: role, content: content) }
}
