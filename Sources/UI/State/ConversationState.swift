import Core

/// The conversation pane's content: entries in order, the live message streams feeding them
/// and how far the view is scrolled back from the newest line.
///
/// Invariants: `index` maps the id of every message entry to its position; `streams` holds a
/// sanitizer exactly for the messages still streaming, so each chunk is sanitized once, in
/// order; `scrollBack == 0` means the pane follows new text. Owned by `AppState`; changed only
/// by `update`.
public struct ConversationState: Sendable {
    public private(set) var entries: [TranscriptEntry] = []
    /// Lines scrolled up from the newest; 0 follows new text.
    public var scrollBack = 0
    /// Settled wrapping of long messages, for `render` (a fresh one whenever entries are replaced).
    public private(set) var wrapMemo = WrapMemo()
    private var index: [Int64: Int] = [:]
    private var streams: [Int64: StreamingSanitizer] = [:]

    public init() {}

    /// Adds an entry at the end.
    public mutating func append(_ entry: TranscriptEntry) {
        if let id = entry.messageID { index[id] = entries.count }
        entries.append(entry)
    }

    /// Replaces everything (opening a stored session).
    mutating func replaceAll(with newEntries: [TranscriptEntry]) {
        entries = []
        wrapMemo = WrapMemo()
        index = [:]
        streams = [:]
        scrollBack = 0
        for entry in newEntries { append(entry) }
    }

    /// Starts a streaming message; a repeated start for a known id is ignored.
    mutating func start(id: Int64, speaker: Speaker, model: String?) {
        guard index[id] == nil else { return }
        streams[id] = StreamingSanitizer()
        append(TranscriptEntry(messageID: id, speaker: speaker, model: model.map(Sanitize.line), text: "", status: .streaming))
    }

    /// True when `id` is a message of this conversation.
    func contains(_ id: Int64) -> Bool { index[id] != nil }

    /// The entry of message `id`.
    func entry(for id: Int64) -> TranscriptEntry? {
        index[id].map { entries[$0] }
    }

    /// Appends raw text to a streaming message (sanitized on the way in). False when unknown.
    @discardableResult
    mutating func appendDelta(id: Int64, raw: String) -> Bool {
        guard let position = index[id], var sanitizer = streams[id] else { return false }
        entries[position].text += sanitizer.feed(raw)
        streams[id] = sanitizer
        return true
    }

    /// Ends a message with `status`, releasing what its sanitizer held back.
    mutating func finish(id: Int64, status: TranscriptEntry.Status) {
        guard let position = index[id] else { return }
        if var sanitizer = streams.removeValue(forKey: id) {
            entries[position].text += sanitizer.finish()
        }
        entries[position].status = status
    }

    /// Ids of messages still streaming.
    var streamingIDs: [Int64] { Array(streams.keys) }
}
