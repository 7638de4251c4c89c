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
              let host = Self.decodedHost(components, of: trimmed), !host.isEmpty else {
            throw ProviderError(.configuration, "the base URL of \(provider) is not an absolute http(s) URL: \(Self.redact(trimmed))",
                                hint: "write it like http://127.0.0.1:11434 or https://api.openai.com/v1")
        }
        string = trimmed
        display = Self.redact(trimmed)
        self.host = host.lowercased()
        let bare = self.host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        isLoopback = bare == "localhost" || bare.hasPrefix("127.") || bare == "::1"
    }

    /// `URLHost.decoded`: the host without ICU where decoding cannot change it.
    static func decodedHost(_ components: URLComponents, of url: String) -> String? {
        URLHost.decoded(components, of: url)
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

extension Secret {
    /// The key as a client holds it: nil for a missing or blank value, else trimmed.
    static func apiKey(_ text: String?) -> Secret? {
        guard let text else { return nil }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : Secret(trimmed)
    }
}

extension ProviderError {
    /// The error with every secret replaced by `[redacted]` in its message, URL and hint.
    /// Partial text is model output and is left alone.
    func redacting(_ redactor: Redactor) -> ProviderError {
        var copy = self
        copy.message = redactor.redact(copy.message)
        copy.url = copy.url.map { redactor.redact($0) }
        copy.hint = copy.hint.map { redactor.redact($0) }
        return copy
    }
}
