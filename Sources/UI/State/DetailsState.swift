import Core

/// The details pane for one card: `loading` until the thread arrives (`threadLoaded`), then
/// the stored messages, kept up to date by live deltas while the pane is open. Dropped from
/// `AppState` when the pane closes.
///
/// Stitching: the store may lag the live stream or run ahead of it, so the pane counts raw
/// UTF-8 bytes. For each message, `included` is how many bytes of its raw text the pane holds;
/// a live delta covering bytes `[offset, offset + n)` contributes only what lies past
/// `included`, and deltas that arrive while loading wait in `pending` until the thread is in.
/// Nothing is shown twice and nothing is lost. Owned by `AppState`; changed only by `update`.
public struct DetailsState: Sendable {
    /// Where the pane stands.
    public enum Phase: Sendable, Hashable {
        case loading
        case loaded
        case failed(String)
    }

    public let cardID: String
    public private(set) var phase: Phase = .loading
    public private(set) var entries: [TranscriptEntry] = []
    /// Lines scrolled back from the newest; 0 follows.
    public var scrollBack = 0
    /// Settled wrapping of long messages, for `render` (a fresh one when the thread is loaded).
    public private(set) var wrapMemo = WrapMemo()
    private var included: [Int64: Int] = [:]
    private var sanitizers: [Int64: StreamingSanitizer] = [:]
    private var pending: [Pending] = []

    private enum Pending: Sendable {
        case started(Int64, Speaker, String?)
        case delta(Int64, offset: Int, String)
        case ended(Int64, TranscriptEntry.Status)
    }

    public init(cardID: String) {
        self.cardID = cardID
    }

    /// The stored thread arrived: show it, then replay what came live meanwhile.
    mutating func load(_ messages: [ThreadMessage]) {
        entries = []
        wrapMemo = WrapMemo()
        for message in messages {
            var entry = TranscriptEntry(stored: message)
            included[message.id] = message.text.utf8.count
            if message.status == .streaming {
                var sanitizer = StreamingSanitizer()
                entry.text = sanitizer.feed(message.text)
                sanitizers[message.id] = sanitizer
            }
            entries.append(entry)
        }
        phase = .loaded
        let waiting = pending
        pending = []
        for event in waiting {
            switch event {
            case .started(let id, let speaker, let model): started(id: id, speaker: speaker, model: model)
            case .delta(let id, let offset, let text): delta(id: id, offset: offset, text: text)
            case .ended(let id, let status): ended(id: id, status: status)
            }
        }
    }

    /// Loading failed.
    mutating func fail(_ error: String) {
        phase = .failed(Sanitize.line(error))
        pending = []
    }

    /// A message of this card's thread started live.
    mutating func started(id: Int64, speaker: Speaker, model: String?) {
        guard phase == .loaded else {
            if phase == .loading { pending.append(.started(id, speaker, model)) }
            return
        }
        guard !entries.contains(where: { $0.messageID == id }) else { return }
        included[id] = 0
        sanitizers[id] = StreamingSanitizer()
        entries.append(TranscriptEntry(messageID: id, speaker: speaker, model: model.map(Sanitize.line), text: "", status: .streaming))
    }

    /// Raw bytes `[offset, offset + text.utf8.count)` of message `id` arrived live.
    mutating func delta(id: Int64, offset: Int, text: String) {
        guard phase == .loaded else {
            if phase == .loading { pending.append(.delta(id, offset: offset, text)) }
            return
        }
        guard let position = entries.firstIndex(where: { $0.messageID == id }) else { return }
        let have = included[id] ?? 0
        let end = offset + text.utf8.count
        guard end > have else { return }
        let fresh: String
        if offset >= have {
            fresh = text
        } else {
            let skip = have - offset
            fresh = String(decoding: text.utf8.dropFirst(skip), as: UTF8.self)
        }
        included[id] = end
        var sanitizer = sanitizers[id] ?? StreamingSanitizer()
        entries[position].text += sanitizer.feed(fresh)
        sanitizers[id] = sanitizer
    }

    /// A message of this thread ended live.
    mutating func ended(id: Int64, status: TranscriptEntry.Status) {
        guard phase == .loaded else {
            if phase == .loading { pending.append(.ended(id, status)) }
            return
        }
        guard let position = entries.firstIndex(where: { $0.messageID == id }) else { return }
        if var sanitizer = sanitizers.removeValue(forKey: id) {
            entries[position].text += sanitizer.finish()
        }
        entries[position].status = status
    }

    /// True while the pane shows a spinner.
    var isAnimating: Bool {
        phase == .loading || entries.contains { $0.status == .streaming }
    }
}
