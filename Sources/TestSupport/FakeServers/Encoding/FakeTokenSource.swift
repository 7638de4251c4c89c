/// A pre-encoded event with a hole for one token's text: `prefix + "<escaped text>" + suffix`.
/// Made once per response from a `JSONOut` holding one `.slot`, so streaming a token costs
/// an escape of its text and two copies, never a JSON encoder. A plain value.
struct FakeEventTemplate {
    let prefix: [UInt8]
    let suffix: [UInt8]
    let escaping: JSONEscaping

    /// `head` + the JSON + `tail`; the JSON must hold exactly one `.slot`.
    init(head: [UInt8] = [], json: JSONOut, style: JSONStyle, tail: [UInt8]) {
        let bytes = head + json.encoded(style) + tail
        if let hole = bytes.firstIndex(of: JSONOut.slotByte) {
            prefix = Array(bytes[..<hole])
            suffix = Array(bytes[(hole + 1)...])
        } else {
            prefix = bytes
            suffix = []
        }
        escaping = style.escaping
    }

    /// The event carrying `text`.
    func event(_ text: String) -> [UInt8] {
        var out = prefix
        out.reserveCapacity(prefix.count + suffix.count + text.utf8.count + 8)
        JSONOut.quote(text, escaping, into: &out)
        out += suffix
        return out
    }

    /// The event with `quoted` (the quotes included) put in the hole as it is.
    func event(rawQuoted quoted: [UInt8]) -> [UInt8] {
        prefix + quoted + suffix
    }
}

/// The token events of one stream: each distinct piece encoded once. A list reply has one
/// event per piece; a generated reply shares events among repeats of the vocabulary. Index
/// beyond `count` cycles (endless streams); an empty reply cycles the generated vocabulary.
/// A plain value, used on one connection thread.
struct FakeTokenSource {
    let template: FakeEventTemplate
    /// How many pieces a finite stream has.
    let count: Int
    private let pieces: [String]
    private let events: [[UInt8]]
    private let generated: Bool

    init(template: FakeEventTemplate, pieces: [String]) {
        self.template = template
        self.count = pieces.count
        self.pieces = pieces
        if pieces.isEmpty {
            events = Self.vocabularyEvents(template)
            generated = true
        } else {
            events = pieces.map(template.event)
            generated = false
        }
    }

    init(template: FakeEventTemplate, generatedCount: Int) {
        self.template = template
        self.count = max(0, generatedCount)
        self.pieces = []
        events = Self.vocabularyEvents(template)
        generated = true
    }

    /// The texts of the finite stream, joined (for non-stream bodies).
    var text: String {
        generated ? FakeBehaviour.Reply.generatedText(tokens: count) : pieces.joined()
    }

    /// The event of piece `index` (any index ≥ 0).
    func event(_ index: Int) -> [UInt8] {
        guard generated else { return events[index % events.count] }
        return index == 0 ? events[0] : events[1 + (index - 1) % (events.count - 1)]
    }

    private static func vocabularyEvents(_ template: FakeEventTemplate) -> [[UInt8]] {
        ([FakeBehaviour.Reply.generatedPiece(0)] + FakeBehaviour.Reply.vocabulary).map(template.event)
    }
}
