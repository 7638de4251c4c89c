/// One event of a streamed reply, in arrival order.
///
/// A well-formed stream is zero or more `.text`/`.reasoning` pieces followed by exactly one
/// `.finished`. A stream that throws instead never yields `.finished`; its error carries the
/// partial text (`ProviderError.partialText`).
public enum ChatDelta: Sendable, Hashable {
    /// A piece of the answer, already UTF-8 decoded from whole lines.
    case text(String)
    /// A piece of reasoning text (Ollama `thinking`, llama.cpp `reasoning_content`, Anthropic `thinking_delta`).
    case reasoning(String)
    /// The reply ended with its protocol's terminator; carries usage and timings.
    case finished(ChatCompletion)
}

/// How a reply ended and what it cost: recorded on every reply.
public struct ChatCompletion: Sendable, Hashable {
    /// The whole answer text (the concatenation of every `.text` delta).
    public var text: String
    public var usage: Usage
    /// The provider's own reason (`stop`, `length`, `end_turn`, ...), if it gave one.
    public var finishReason: String?
    /// From sending the request to the first content delta; nil if no content arrived.
    public var timeToFirstToken: Double?
    /// From sending the request to the terminator, in seconds.
    public var latency: Double

    public init(text: String, usage: Usage, finishReason: String?, timeToFirstToken: Double?, latency: Double) {
        self.text = text
        self.usage = usage
        self.finishReason = finishReason
        self.timeToFirstToken = timeToFirstToken
        self.latency = latency
    }
}

/// Token counts of one reply. `estimated` is true when the server sent no usage
/// (the llama.cpp server streams none) and the client counted for itself.
public struct Usage: Sendable, Hashable, Codable {
    public var inputTokens: Int
    public var outputTokens: Int
    public var estimated: Bool

    public init(inputTokens: Int, outputTokens: Int, estimated: Bool = false) {
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.estimated = estimated
    }

    public static let zero = Usage(inputTokens: 0, outputTokens: 0)

    /// A rough count for text with no server figure: about four UTF-8 bytes a token, at least one for non-empty text.
    public static func estimateTokens(_ text: String) -> Int {
        let bytes = text.utf8.count
        return bytes == 0 ? 0 : max(1, (bytes + 3) / 4)
    }
}
