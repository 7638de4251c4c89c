/// Every failure of a model call, typed so callers can decide (retry, show, skip) and
/// carrying what the person needs: the URL, a clear message, the fix, and any partial text.
///
/// Invariant: `message`, `url` and `hint` never contain an API key (clients redact before
/// building one). A plain value; any actor may read it.
public struct ProviderError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, coarse enough to act on.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// The server could not be reached: refused, unresolvable host, connect timeout.
        case unreachable
        /// No first byte within the first-byte deadline.
        case firstByteTimeout
        /// The stream went silent for longer than the stall deadline.
        case stalled
        /// An HTTP status other than 2xx, after retries (see `status`).
        case http
        /// 401/403: the key is missing or wrong.
        case authentication
        /// 429 after retries, or a quota/billing refusal.
        case rateLimited
        /// The model is not known to the server or the registry.
        case modelNotFound
        /// An error object arrived after HTTP 200 (Ollama `{"error"}` line, Anthropic `event: error`, OpenAI error chunk).
        case streamError
        /// The stream ended without its terminator (`done:true`, `[DONE]`, `message_stop`).
        case incomplete
        /// The server sent something that is not the protocol: bad JSON, a line over the cap, invalid UTF-8.
        case malformed
        /// The response exceeded the size cap.
        case tooLarge
        /// The caller cancelled.
        case cancelled
        /// Configuration is missing or wrong (no key, bad URL).
        case configuration
    }

    public var kind: Kind
    public var message: String
    public var url: String?
    public var status: Int?
    /// One line telling the person how to fix it, when we know.
    public var hint: String?
    /// The text streamed before the failure: never lost.
    public var partialText: String

    public init(_ kind: Kind, _ message: String, url: String? = nil, status: Int? = nil,
                hint: String? = nil, partialText: String = "") {
        self.kind = kind
        self.message = message
        self.url = url
        self.status = status
        self.hint = hint
        self.partialText = partialText
    }

    /// One line for a person: message, URL and fix.
    public var description: String {
        var line = message
        if let url, !message.contains(url) { line += " (\(url))" }
        if let hint { line += " — \(hint)" }
        return line
    }

    /// The same error, with the partial text it interrupted.
    public func withPartialText(_ text: String) -> ProviderError {
        var copy = self
        copy.partialText = text
        return copy
    }
}
