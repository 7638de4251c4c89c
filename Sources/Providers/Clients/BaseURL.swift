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

    /// `components.host` (the components of `url`) without asking ICU when decoding cannot
    /// change it: a host of lowercase ASCII letters, digits and inner hyphens in non-empty
    /// labels, none starting with `xn--`, has no percent escape and no IDNA label, so it is
    /// its own decoded form. Any other host goes through Foundation, whose IDNA step loads
    /// ICU's tables (memory that `atelier ask` otherwise never touches).
    static func decodedHost(_ components: URLComponents, of url: String) -> String? {
        plainHost(of: url, scheme: components.scheme) ?? components.host
    }

    /// The host of `scheme://host[:port][/...]` (`scheme` as `URLComponents` read it) when it
    /// is plain (see `decodedHost`): read from the text, because every host getter of
    /// `URLComponents` runs the IDNA decoder.
    /// Nil for anything else (user info, IPv6, escapes, upper case, empty or hyphen-edged
    /// labels, `xn--` labels), which Foundation decodes.
    static func plainHost(of url: String, scheme: String?) -> String? {
        guard let scheme else { return nil }
        let bytes = Array(url.utf8)
        let prefix = Array((scheme + "://").utf8)
        guard bytes.starts(with: prefix) else { return nil }
        let start = prefix.count
        var end = start
        while end < bytes.count, bytes[end] != 0x2F, bytes[end] != 0x3F, bytes[end] != 0x23, bytes[end] != 0x3A { end += 1 } // / ? # :
        if end < bytes.count, bytes[end] == 0x3A { // the port: digits up to the path
            var index = end + 1
            while index < bytes.count, bytes[index] != 0x2F, bytes[index] != 0x3F, bytes[index] != 0x23 {
                guard bytes[index] >= 0x30, bytes[index] <= 0x39 else { return nil }
                index += 1
            }
        }
        let host = bytes[start..<end]
        guard !host.isEmpty else { return nil }
        for label in host.split(separator: 0x2E, omittingEmptySubsequences: false) {
            guard let first = label.first, let last = label.last, first != 0x2D, last != 0x2D,
                  label.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }),
                  !label.starts(with: Array("xn--".utf8)) else { return nil }
        }
        return String(decoding: host, as: UTF8.self)
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
