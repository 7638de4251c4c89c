/// Why an HTTP transfer failed, made once at the libcurl boundary. `message` is one clear
/// line that includes libcurl's own error text; `url` is the request URL with any user info
/// and query removed (they may hold secrets). Header values never appear. A plain value.
/// An HTTP status (even 5xx) is never an `HTTPError`: it arrives as a response.
public struct HTTPError: Error, Sendable, CustomStringConvertible {
    /// The failure, as far as a caller needs to tell failures apart.
    public enum Kind: Sendable, Hashable {
        /// The host name did not resolve.
        case couldNotResolve
        /// Nothing accepted the connection (refused, or the host or network is unreachable).
        case connectionRefused
        /// Connecting (including resolving and TLS) took longer than `timeouts.connect`.
        case connectTimeout
        /// No body byte arrived within `timeouts.firstByte` of the start.
        case firstByteTimeout
        /// The body went silent for longer than `timeouts.stall`.
        case stalled
        /// The body (or its declared length) exceeded `maxResponseBytes`.
        case tooLarge
        /// The caller cancelled: task cancellation, `cancel()`, or the body stream was dropped.
        case cancelled
        /// The URL is not an absolute http(s) URL libcurl accepts.
        case invalidURL
        /// Anything else: TLS, a malformed response, a reset, a truncated body, a bad header.
        case transport
    }

    public var kind: Kind
    /// The request URL without user info or query.
    public var url: String
    /// One line: what happened, then libcurl's error text when there is one.
    public var message: String

    public init(kind: Kind, url: String, message: String) {
        self.kind = kind
        self.url = Self.redact(url)
        self.message = Self.oneLine(message)
    }

    public var description: String { "\(message) (\(url))" }

    /// The URL without `user:password@`, query or fragment (a removed query shows as `?…`).
    static func redact(_ url: String) -> String {
        var text = Substring(url)
        var suffix = ""
        if let cut = text.firstIndex(where: { $0 == "?" || $0 == "#" }) {
            suffix = text[cut] == "?" ? "?…" : ""
            text = text[..<cut]
        }
        if let scheme = text.firstRange(of: "://") {
            let authorityStart = scheme.upperBound
            let authorityEnd = text[authorityStart...].firstIndex(of: "/") ?? text.endIndex
            if let at = text[authorityStart..<authorityEnd].lastIndex(of: "@") {
                text = text[..<authorityStart] + text[text.index(after: at)...]
            }
        }
        return String(text) + suffix
    }

    static func oneLine(_ text: String) -> String {
        let trimmed = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return trimmed.trimmingCharacters(in: " ")
    }
}

private extension String {
    func trimmingCharacters(in character: Character) -> String {
        var text = Substring(self)
        while text.first == character { text = text.dropFirst() }
        while text.last == character { text = text.dropLast() }
        return String(text)
    }
}
