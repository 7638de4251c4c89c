import Core

/// An incremental Server-Sent Events parser (WHATWG HTML "event stream interpretation").
///
/// Feed it raw body bytes in any chunking; it returns each event when its closing empty line
/// arrives. Lines end in CR, LF or CRLF (also split across chunks); `field: value` drops one
/// space after the colon; `event`, `data`, `id` and `retry` are understood and other fields
/// ignored; lines starting with `:` are comments; several `data` lines join with `\n`; an
/// event with no data is not dispatched; a BOM at the start of the stream is skipped; an event
/// cut off by the end of the stream is dropped. Values are decoded from UTF-8 only once a line
/// is whole, and invalid UTF-8 throws `ProviderError(.malformed)`, as does a line over the cap.
/// After a throw the parser stays failed.
///
/// A value type owned by one task (the one reading the response body).
public struct SSEParser: Sendable {
    private var splitter: LineSplitter
    private var state = SSEState(sink: EventCollector())

    /// The last valid `retry:` value, in milliseconds (the stream's reconnection time).
    public var reconnectionTime: Int? { state.reconnectionTime }

    public init(maxLineBytes: Int = LineSplitter.defaultMaxLineBytes) {
        splitter = LineSplitter(mode: .anyNewline, maxLineBytes: maxLineBytes)
    }

    /// Feeds one chunk; returns the events it completed, in order.
    public mutating func feed(_ chunk: [UInt8]) throws -> [SSEEvent] {
        try chunk.withUnsafeBufferPointer { try feed($0) }
    }

    /// Feeds one chunk from borrowed memory (no copy is kept past the call).
    public mutating func feed(_ chunk: UnsafeBufferPointer<UInt8>) throws -> [SSEEvent] {
        try splitter.feed(chunk, into: &state)
        return state.sink.take()
    }

    /// Ends the stream. A pending, undispatched event is discarded (WHATWG); returns the
    /// events still waiting (always empty today; kept so callers treat both parsers alike).
    public mutating func finish() throws -> [SSEEvent] {
        var discard = DiscardingSink()
        try splitter.finish(into: &discard)
        state.discardPending()
        return state.sink.take()
    }
}

/// Ignores the unterminated last line at EOF: by WHATWG rules it cannot complete an event.
struct DiscardingSink: LineSink {
    mutating func consumeLine(_ line: UnsafeBufferPointer<UInt8>) throws {}
}

/// Keeps dispatched events until `SSEParser` returns them.
private struct EventCollector: SSEEventSink, Sendable {
    private var events: [SSEEvent] = []

    var wantsMore: Bool { true }

    mutating func consumeEvent(_ event: BorrowedSSEEvent) throws {
        events.append(event.event)
    }

    mutating func take() -> [SSEEvent] {
        guard !events.isEmpty else { return [] }
        defer { events = [] }
        return events
    }
}
