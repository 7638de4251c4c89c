/// What one response consists of, in a provider's wire format, before any shaping: the
/// events before the pieces, the reasoning and content pieces, the events in between, the
/// terminating events (computed when reached, from the real timings), and the provider's
/// keep-alive, comment and mid-stream error events. A whole JSON body is a plan with no
/// pieces whose `closing` is the body. Built by a provider's encoder and run by
/// `FakeStreamRunner` on the connection's thread; not shared.
struct FakeStreamPlan {
    var status = 200
    var headers: [(String, String)]
    /// `.chunked` for streams, `.contentLength` for whole bodies (what the real server does).
    var naturalFraming: FakeBehaviour.Framing = .chunked
    /// Seconds to wait before the first body byte (a paced non-stream answer takes as long
    /// as its stream would have).
    var preBodyWait: Double = 0
    var opening: [[UInt8]] = []
    var reasoning: FakeTokenSource?
    /// Events between the reasoning and the content (only when there was reasoning).
    var afterReasoning: [[UInt8]] = []
    var content: FakeTokenSource?
    /// Events after the pieces: finish, usage, terminator. Not sent by endless streams.
    var closing: (FakeStreamStats) -> [[UInt8]]
    /// What the server writes while stalling with keep-alives.
    var keepAlive: [UInt8]?
    /// An SSE comment (`: ping`), nil for NDJSON.
    var comment: [UInt8]?
    /// The provider's mid-stream error event for a message.
    var errorEvent: (String) -> [UInt8] = { _ in [] }
    var defaultErrorMessage = "fake server error"

    /// A whole body (error answers and non-stream replies).
    static func body(status: Int, headers: [(String, String)], body: @escaping (FakeStreamStats) -> [UInt8]) -> FakeStreamPlan {
        FakeStreamPlan(status: status, headers: headers, naturalFraming: .contentLength, closing: { [body($0)] })
    }

    /// Pieces in the stream, for clamping checkpoints.
    var pieceCount: Int { (reasoning?.count ?? 0) + (content?.count ?? 0) }
}

/// Timings of a stream as written, handed to `closing` (Ollama's durations, llama.cpp's timings).
struct FakeStreamStats {
    /// Pieces written.
    var tokens: Int
    /// Seconds since the first body byte was due.
    var elapsed: Double
    /// Seconds from then to the first piece, if any.
    var firstTokenAfter: Double?
}

extension FakeBehaviour.LineEnding {
    /// `text`'s line feeds turned into this line ending (SSE framing only; JSON inside
    /// events never holds a raw line feed).
    func apply(_ bytes: [UInt8]) -> [UInt8] {
        guard self != .lf else { return bytes }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 8)
        for byte in bytes {
            if byte == 10 { out += self.bytes } else { out.append(byte) }
        }
        return out
    }

    func apply(_ text: String) -> [UInt8] { apply(Array(text.utf8)) }
}
