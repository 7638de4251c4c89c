/// One block of the conversation or of a card's thread: a message, a note from Atelier, a
/// phase change or a question. `text` is already sanitized (inert, tabs expanded). A plain value.
public struct TranscriptEntry: Sendable, Hashable {
    /// What the block is.
    public enum Kind: Sendable, Hashable {
        case message
        case note(NoteLevel)
        case phase
        case question
    }

    /// How a message stands.
    public enum Status: Sendable, Hashable {
        case streaming
        case complete
        case failed(String)
        case interrupted(String?)
    }

    public var messageID: Int64?
    public var kind: Kind
    public var speaker: Speaker
    public var model: String?
    public var text: String
    public var status: Status
    /// A short label after the speaker, e.g. `interjection`.
    public var tag: String?

    public init(messageID: Int64? = nil, kind: Kind = .message, speaker: Speaker, model: String? = nil,
                text: String, status: Status = .complete, tag: String? = nil) {
        self.messageID = messageID
        self.kind = kind
        self.speaker = speaker
        self.model = model
        self.text = text
        self.status = status
        self.tag = tag
    }

    /// A note from Atelier (raw text is sanitized here).
    public static func note(_ raw: String, _ level: NoteLevel) -> TranscriptEntry {
        TranscriptEntry(kind: .note(level), speaker: .system, text: Sanitize.text(raw))
    }

    /// The entry for a stored message (raw text is sanitized here).
    init(stored message: ThreadMessage) {
        let status: Status
        switch message.status {
        case .streaming: status = .streaming
        case .complete: status = .complete
        case .error: status = .failed(Sanitize.line(message.error ?? "failed"))
        case .interrupted: status = .interrupted(message.error.map(Sanitize.line))
        }
        self.init(messageID: message.id, speaker: message.speaker.sanitized, model: message.model.map(Sanitize.line),
                  text: Sanitize.text(message.text), status: status)
    }
}
