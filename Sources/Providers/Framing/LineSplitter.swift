import Core
import Foundation

/// Receives whole lines from a `LineSplitter`, without their terminators. The buffer is only
/// valid during the call. Internal so the parsers can take lines without copying them.
protocol LineSink {
    mutating func consumeLine(_ line: UnsafeBufferPointer<UInt8>) throws
}

/// Cuts a byte stream that arrives in arbitrary chunks into whole lines.
///
/// Invariants: a line is handed on only once its terminator has arrived (or at `finish`);
/// no line longer than `maxLineBytes` (terminator excluded) is ever buffered: the splitter
/// throws `ProviderError(.malformed)` instead and stays failed. In `.anyNewline` mode (SSE)
/// CR, LF and CRLF each end a line, and a CR at the end of one chunk followed by an LF at the
/// start of the next is one terminator. In `.lineFeed` mode (NDJSON) only LF ends a line and a
/// CR just before it is dropped. Bytes are scanned in place (`memchr`); only a line that
/// straddles chunks is copied (into one reused buffer).
///
/// A value type owned by one task: feed it from the task that reads the response body.
public struct LineSplitter: Sendable {
    /// Which bytes end a line.
    public enum Mode: Sendable, Hashable {
        /// CR, LF or CRLF (Server-Sent Events).
        case anyNewline
        /// LF, with a trailing CR stripped (NDJSON).
        case lineFeed
    }

    /// 1 MiB: no protocol we speak sends a longer line.
    public static let defaultMaxLineBytes = 1 << 20

    public let mode: Mode
    /// `mode == .anyNewline`, kept as a flag for the per-line checks.
    private let endsAtCarriageReturn: Bool
    public let maxLineBytes: Int
    /// How many lines have been completed so far (for error messages).
    public private(set) var linesCompleted = 0

    private var pending: [UInt8] = []
    private var skipLineFeed = false
    private var failure: ProviderError?

    public init(mode: Mode, maxLineBytes: Int = LineSplitter.defaultMaxLineBytes) {
        self.mode = mode
        endsAtCarriageReturn = mode == .anyNewline
        self.maxLineBytes = max(1, maxLineBytes)
    }

    /// Feeds one chunk and returns the lines it completed, as bytes without terminators.
    /// Convenient for tests and tools; the parsers use the copy-free path.
    public mutating func feed(_ chunk: [UInt8]) throws -> [[UInt8]] {
        var collector = LineCollector()
        try chunk.withUnsafeBufferPointer { try feed($0, into: &collector) }
        return collector.lines
    }

    /// Ends the stream: returns the last line if it had no terminator, else nil.
    public mutating func finish() throws -> [UInt8]? {
        var collector = LineCollector()
        try finish(into: &collector)
        return collector.lines.first
    }

    mutating func feed<Sink: LineSink>(_ chunk: UnsafeBufferPointer<UInt8>, into sink: inout Sink) throws {
        if let failure { throw failure }
        let count = chunk.count
        guard count > 0 else { return }
        var index = 0
        if skipLineFeed {
            skipLineFeed = false
            if chunk[0] == 0x0A { index = 1 }
        }
        var start = index
        while index < count, let end = nextTerminator(in: chunk, from: index) {
            try emit(UnsafeBufferPointer(rebasing: chunk[start..<end]), into: &sink)
            index = end
            if chunk[end] == 0x0D {
                if end + 1 < count {
                    if chunk[end + 1] == 0x0A { index += 1 }
                } else {
                    skipLineFeed = true
                }
            }
            index += 1
            start = index
        }
        if start < count {
            try checkLength(pending.count + (count - start))
            pending.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[start..<count]))
        }
    }

    mutating func finish<Sink: LineSink>(into sink: inout Sink) throws {
        if let failure { throw failure }
        skipLineFeed = false
        guard !pending.isEmpty else { return }
        defer { pending.removeAll(keepingCapacity: false) }
        try pending.withUnsafeBufferPointer { try sink.consumeLine(stripCarriageReturn($0)) }
        linesCompleted += 1
    }

    private mutating func emit<Sink: LineSink>(_ tail: UnsafeBufferPointer<UInt8>, into sink: inout Sink) throws {
        try checkLength(pending.count + tail.count)
        linesCompleted += 1
        if pending.isEmpty {
            try sink.consumeLine(stripCarriageReturn(tail))
        } else {
            pending.append(contentsOf: tail)
            defer { pending.removeAll(keepingCapacity: true) }
            try pending.withUnsafeBufferPointer { try sink.consumeLine(stripCarriageReturn($0)) }
        }
    }

    /// The index of the first terminator at or after `start` (LF, or in `.anyNewline` mode also
    /// CR), found with `memchr` (vectorised, and fast even in a debug build); nil if none.
    private func nextTerminator(in chunk: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard let base = chunk.baseAddress, start < chunk.count else { return nil }
        let origin = UnsafeRawPointer(base)
        var limit = chunk.count
        var found: Int?
        if let lineFeed = memchr(origin + start, 0x0A, limit - start) {
            found = origin.distance(to: UnsafeRawPointer(lineFeed))
            limit = found ?? limit
        }
        guard endsAtCarriageReturn, limit > start else { return found }
        if let carriageReturn = memchr(origin + start, 0x0D, limit - start) {
            return origin.distance(to: UnsafeRawPointer(carriageReturn))
        }
        return found
    }

    private func stripCarriageReturn(_ line: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        guard !endsAtCarriageReturn, let last = line.last, last == 0x0D else { return line }
        return UnsafeBufferPointer(rebasing: line[0..<(line.count - 1)])
    }

    private mutating func checkLength(_ length: Int) throws {
        guard length > maxLineBytes else { return }
        pending = []
        let error = ProviderError(.malformed, "a line of the stream is longer than "
            + LineSplitter.describe(bytes: maxLineBytes) + " (after line \(linesCompleted)); "
            + "the server is not sending the protocol it was asked for")
        failure = error
        throw error
    }

    /// `1 MiB`, `64 KiB` or `100 bytes`.
    static func describe(bytes: Int) -> String {
        if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        if bytes >= 1 << 10, bytes % (1 << 10) == 0 { return "\(bytes >> 10) KiB" }
        return "\(bytes) bytes"
    }
}

/// Copies every line it is given: backs the array-returning `LineSplitter` API.
private struct LineCollector: LineSink {
    var lines: [[UInt8]] = []

    mutating func consumeLine(_ line: UnsafeBufferPointer<UInt8>) throws {
        lines.append(Array(line))
    }
}
