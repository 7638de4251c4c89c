import Core
import Foundation

/// A provider's base URL, checked once: an absolute `http`/`https` URL with a host, kept
/// without trailing slashes so paths can be appended. `display` is the form for messages
/// (user info and query removed, since either may hold a secret). A plain value.
struct BaseURL: Sendable, Hashable {
    /// The URL requests are built from (no trailing slash).
    let string: String
    /// The URL as messages show it.
    let display: String
    /// True for `localhost`, `127.x.x.x` and `::1`.
    let isLoopback: Bool
    /// The host name, lowercased.
    let host: String

    /// Parses `text`; a `.configuration` error names the provider and says what is wrong.
    init(_ text: String, provider: String) throws(ProviderError) {
        var trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        guard let components = URLComponents(string: trimmed),
              let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = components.host, !host.isEmpty else {
            throw ProviderError(.configuration, "the base URL of \(provider) is not an absolute http(s) URL: \(Self.redact(trimmed))",
                                hint: "write it like http://127.0.0.1:11434 or https://api.openai.com/v1")
        }
        string = trimmed
        display = Self.redact(trimmed)
        self.host = host.lowercased()
        let bare = self.host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        isLoopback = bare == "localhost" || bare.hasPrefix("127.") || bare == "::1"
    }

    /// `string` followed by `path` (which starts with `/`).
    func appending(_ path: String) -> String { string + path }

    /// `display` followed by `path`.
    func displayAppending(_ path: String) -> String { display + path }

    /// The URL without `user:password@`, query or fragment.
    static func redact(_ url: String) -> String {
        var text = Substring(url)
        if let cut = text.firstIndex(where: { $0 == "?" || $0 == "#" }) { text = text[..<cut] }
        if let scheme = text.range(of: "://") {
            let authorityEnd = text[scheme.upperBound...].firstIndex(of: "/") ?? text.endIndex
            if let at = text[scheme.upperBound..<authorityEnd].lastIndex(of: "@") {
                text = text[..<scheme.upperBound] + text[text.index(after: at)...]
            }
        }
        return String(text)
    }
}

/// An API key held by a client. It goes into one request header and nowhere else: its
/// description and reflection are `[redacted]`, so printing or dumping a client never shows
/// it. A plain value.
struct APIKey: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    let value: String

    /// Nil for a missing or blank key.
    init?(_ value: String?) {
        guard let value, !value.allSatisfy(\.isWhitespace) else { return nil }
        self.value = value.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    var description: String { "[redacted]" }
    var debugDescription: String { "[redacted]" }
    var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}

extension ProviderError {
    /// The error with every secret (of four characters or more) replaced by `[redacted]` in
    /// its message, URL and hint. Partial text is model output and is left alone.
    func redacting(_ secrets: [String]) -> ProviderError {
        var copy = self
        for secret in secrets where secret.count >= 4 {
            copy.message = copy.message.replacingOccurrences(of: secret, with: "[redacted]")
            copy.url = copy.url?.replacingOccurrences(of: secret, with: "[redacted]")
            copy.hint = copy.hint?.replacingOccurrences(of: secret, with: "[redacted]")
        }
        return copy
    }
}
