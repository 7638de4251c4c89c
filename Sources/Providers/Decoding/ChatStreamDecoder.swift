import Core

/// Turns the body bytes of one streamed chat reply into `ChatDelta`s, for one wire protocol.
///
/// Contract for every implementation: `feed` returns `.text` and `.reasoning` deltas only
/// (never `.finished`, never empty pieces); once the protocol's terminator has arrived, `end`
/// is set and later bytes are ignored. `finish` is called at end of body: it returns `end`, or
/// throws `ProviderError(.incomplete)` carrying the partial text. A mid-stream error object
/// throws `ProviderError(.streamError)`, bytes that are not the protocol throw
/// `ProviderError(.malformed)`; every thrown error carries `text` as its partial text, and
/// after a throw the decoder keeps throwing that error. Timings are not the decoder's job:
/// the client measures them and calls `ChatStreamEnd.completion(timeToFirstToken:latency:)`.
///
/// Implementations are value types owned by the one task that reads the response body.
public protocol ChatStreamDecoder: Sendable {
    /// The answer so far: the concatenation of every `.text` delta returned.
    var text: String { get }
    /// The reply's ending, set as soon as the terminator has been decoded.
    var end: ChatStreamEnd? { get }
    /// Feeds one chunk of the body from borrowed memory; returns the deltas it completed.
    mutating func feed(_ chunk: UnsafeBufferPointer<UInt8>) throws -> [ChatDelta]
    /// The body ended: the ending, or `ProviderError(.incomplete)` with the partial text.
    mutating func finish() throws -> ChatStreamEnd
}

extension ChatStreamDecoder {
    /// Feeds one chunk of the body; returns the deltas it completed.
    public mutating func feed(_ chunk: [UInt8]) throws -> [ChatDelta] {
        try chunk.withUnsafeBufferPointer { try feed($0) }
    }
}

/// How a decoded reply ended, before the client adds its timings. A plain value.
///
/// Invariant: `text` is the concatenation of the `.text` deltas the decoder returned, and
/// `reasoning` of the `.reasoning` deltas.
public struct ChatStreamEnd: Sendable, Hashable {
    public var text: String
    public var reasoning: String
    public var usage: Usage
    /// The provider's own reason (`stop`, `length`, `end_turn`, ...), if it gave one.
    public var finishReason: String?

    public init(text: String, reasoning: String = "", usage: Usage, finishReason: String?) {
        self.text = text
        self.reasoning = reasoning
        self.usage = usage
        self.finishReason = finishReason
    }

    /// The `ChatCompletion` for `.finished`, with the timings the client measured.
    public func completion(timeToFirstToken: Double?, latency: Double) -> ChatCompletion {
        ChatCompletion(text: text, usage: usage, finishReason: finishReason,
                       timeToFirstToken: timeToFirstToken, latency: latency)
    }
}

extension ChatRequest {
    /// A rough input-token count for servers that report no usage (`Usage.estimateTokens`
    /// over every message's content, plus a few tokens of framing per message).
    public var estimatedInputTokens: Int {
        messages.reduce(0) { $0 + Usage.estimateTokens($1.content) + 4 }
    }
}
