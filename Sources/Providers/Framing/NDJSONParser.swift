import Core

/// An incremental newline-delimited JSON framer (Ollama's streaming format).
///
/// Feed it raw body bytes in any chunking; it returns each non-blank line, UTF-8 decoded, once
/// its LF has arrived (a CR before the LF is dropped; a BOM at the start of the stream is
/// skipped). `finish` returns a last line that had no LF. It does not parse JSON: the protocol
/// decoder does. A line over the cap or invalid UTF-8 throws `ProviderError(.malformed)`.
///
/// A value type owned by one task (the one reading the response body).
public struct NDJSONParser: Sendable {
    private var splitter: LineSplitter
    private var state = NDJSONState(sink: DecodedLineCollector())

    public init(maxLineBytes: Int = LineSplitter.defaultMaxLineBytes) {
        splitter = LineSplitter(mode: .lineFeed, maxLineBytes: maxLineBytes)
    }

    /// Feeds one chunk; returns the lines it completed, in order.
    public mutating func feed(_ chunk: [UInt8]) throws -> [String] {
        try chunk.withUnsafeBufferPointer { try feed($0) }
    }

    /// Feeds one chunk from borrowed memory (no copy is kept past the call).
    public mutating func feed(_ chunk: UnsafeBufferPointer<UInt8>) throws -> [String] {
        try splitter.feed(chunk, into: &state)
        return state.sink.take()
    }

    /// Ends the stream; returns the last line if it had no terminator and is not blank.
    public mutating func finish() throws -> [String] {
        try splitter.finish(into: &state)
        return state.sink.take()
    }
}

/// Receives each non-blank NDJSON line, checked to be valid UTF-8 and borrowed for the call
/// only. `wantsMore` false makes the state skip every later line (a decoder that has seen its
/// terminator).
protocol NDJSONLineSink {
    var wantsMore: Bool { get }
    mutating func consumeTextLine(_ line: UnsafeBufferPointer<UInt8>) throws
}

/// Skips a leading BOM and blank lines and checks the rest are UTF-8 for `sink`.
/// Owned by one parser or decoder.
struct NDJSONState<Sink: NDJSONLineSink>: LineSink {
    var sink: Sink
    private var atStreamStart = true
    private var linesSeen = 0

    init(sink: Sink) {
        self.sink = sink
    }

    mutating func consumeLine(_ raw: UnsafeBufferPointer<UInt8>) throws {
        guard sink.wantsMore else { return }
        linesSeen += 1
        var line = raw
        if atStreamStart {
            atStreamStart = false
            if line.count >= 3, line[0] == 0xEF, line[1] == 0xBB, line[2] == 0xBF {
                line = UnsafeBufferPointer(rebasing: line[3...])
            }
        }
        var first = 0
        while first < line.count, line[first] == 0x20 || line[first] == 0x09 || line[first] == 0x0D { first += 1 }
        guard first < line.count else { return } // a blank line
        try UTF8Decoding.validate(line, what: "line \(linesSeen) of the stream")
        try sink.consumeTextLine(line)
    }
}

/// Keeps decoded lines until `NDJSONParser` returns them.
private struct DecodedLineCollector: NDJSONLineSink, Sendable {
    private var lines: [String] = []

    var wantsMore: Bool { true }

    mutating func consumeTextLine(_ line: UnsafeBufferPointer<UInt8>) throws {
        lines.append(String(decoding: line, as: UTF8.self))
    }

    mutating func take() -> [String] {
        guard !lines.isEmpty else { return [] }
        defer { lines = [] }
        return lines
    }
}

extension NDJSONState: Sendable where Sink: Sendable {}
