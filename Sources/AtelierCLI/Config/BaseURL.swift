import Core
import Foundation

/// Checks and normalises server base URLs from the config and the environment. Pure;
/// any actor may call it.
public enum BaseURL {
    /// Why a base URL was refused; the caller adds the file, field or variable.
    public struct Problem: Error, Sendable, Hashable {
        public var message: String
        public var hint: String
    }

    /// An absolute `http`/`https` URL with a host, no credentials, query or fragment, and no
    /// trailing slash: `http://Host:8080/v1/` becomes `http://host:8080/v1`.
    public static func normalize(_ text: String) throws(Problem) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let example = "write it like http://127.0.0.1:8080/v1"
        guard !trimmed.isEmpty else { throw Problem(message: "the URL is empty", hint: example) }
        guard !trimmed.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F }),
              let components = URLComponents(string: trimmed), let rawScheme = components.scheme
        else { throw Problem(message: "\"\(trimmed)\" is not a URL", hint: example) }
        let scheme = rawScheme.lowercased()
        guard scheme == "http" || scheme == "https" else {
            throw Problem(message: "\"\(trimmed)\" must start with http:// or https://", hint: example)
        }
        guard let rawHost = decodedHost(components, of: trimmed), !rawHost.isEmpty else {
            throw Problem(message: "\"\(trimmed)\" has no host", hint: example)
        }
        // The host comes back percent-decoded: `%2F` would move the path into it and `%1B`
        // put a raw escape character into every message that shows the URL.
        let bracketed = rawHost.hasPrefix("[")
        guard !rawHost.unicodeScalars.contains(where: { Self.isForbiddenInHost($0, bracketed: bracketed) }) else {
            throw notPlainHost(trimmed)
        }
        guard components.user == nil, components.password == nil else {
            throw Problem(message: "the URL must not contain a user name or password",
                          hint: "remove it from the URL and give the key through api_key_env or api_key_file")
        }
        guard components.query == nil, components.fragment == nil else {
            throw Problem(message: "\"\(trimmed)\" must not have a query or fragment", hint: example)
        }
        var path = components.percentEncodedPath
        while path.hasSuffix("/") { path.removeLast() }
        // An IPv6 zone id stays encoded (`%25eth0`), so the result normalises to itself.
        let host = (bracketed ? components.percentEncodedHost ?? rawHost : rawHost).lowercased()
        let hostPart = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        let portPart = components.port.map { ":\($0)" } ?? ""
        let result = "\(scheme)://\(hostPart)\(portPart)\(path)"
        // The result must read back with the same host: a decoded character (`%22` is `"`)
        // must not leave a URL that no longer parses or means another host.
        guard let again = URLComponents(string: result), decodedHost(again, of: result)?.lowercased() == rawHost.lowercased() else {
            throw notPlainHost(trimmed)
        }
        return result
    }

    /// `URLHost.decoded`: the host without ICU where decoding cannot change it.
    static func decodedHost(_ components: URLComponents, of url: String) -> String? {
        URLHost.decoded(components, of: url)
    }

    private static func notPlainHost(_ url: String) -> Problem {
        Problem(message: "\"\(url)\" has a percent-encoded host that is not a plain host name",
                hint: "write the host name or address as it is, e.g. http://gpu-box:8080/v1")
    }

    /// Characters a decoded host may not hold: controls, space, URL delimiters, and `%`
    /// (outside an IPv6 literal, whose zone id may carry one).
    private static func isForbiddenInHost(_ scalar: Unicode.Scalar, bracketed: Bool) -> Bool {
        let value = scalar.value
        if value <= 0x20 || (0x7F...0x9F).contains(value) { return true }
        return "/?#@\\".unicodeScalars.contains(scalar) || (!bracketed && scalar == "%")
    }

    /// The host of a normalised base URL (without IPv6 brackets), or nil.
    public static func host(of url: String) -> String? {
        guard let components = URLComponents(string: url), let host = decodedHost(components, of: url) else { return nil }
        return host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
    }

    /// True for loopback, unspecified, private-network (RFC 1918, IPv6 ULA/link-local) and
    /// `.local`/`localhost` hosts: a server there is the user's own, so it costs nothing.
    public static func isLocalHost(_ host: String) -> Bool {
        let host = host.lowercased()
        if host == "localhost" || host.hasSuffix(".localhost") || host.hasSuffix(".local") { return true }
        if host == "::1" || host == "::" || host.hasPrefix("fc") || host.hasPrefix("fd") || host.hasPrefix("fe80:") {
            return host.contains(":")
        }
        let octets = host.split(separator: ".").compactMap { UInt8($0) }
        guard octets.count == 4, host.split(separator: ".").count == 4 else { return false }
        switch (octets[0], octets[1]) {
        case (127, _), (10, _), (192, 168), (169, 254), (0, _): return true
        case (172, 16...31): return true
        default: return false
        }
    }
}
