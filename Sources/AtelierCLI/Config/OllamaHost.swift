/// Reads `OLLAMA_HOST` the way Ollama's own client does (`envconfig.Host()`), so Atelier
/// reaches the same server as the `ollama` command in the same shell:
/// - surrounding spaces and quotes are dropped;
/// - no scheme means `http` and default port 11434; an explicit `http://` or `https://`
///   without a port means port 80 or 443 (Ollama's rule);
/// - `host`, `host:port`, `[v6]:port`, `:port` (host 127.0.0.1) and a trailing path are accepted;
/// - the bind-all addresses `0.0.0.0` and `::` (how servers are often started) mean this
///   machine: 127.0.0.1 and ::1;
/// - an invalid port falls back to the default port, with a warning.
/// Pure; any actor may call it.
public enum OllamaHost {
    /// The normalised base URL and an optional warning for the person.
    public struct Result: Sendable, Hashable {
        public var url: String
        public var warning: String?
    }

    public static func normalize(_ value: String) throws(BaseURL.Problem) -> Result {
        let cleaned = value.trimmingSpaces().trimmingQuotes().trimmingSpaces()
        var scheme = "http"
        var defaultPort = "11434"
        var rest = Substring(cleaned)
        if let separator = cleaned.firstRange(of: "://") {
            scheme = cleaned[..<separator.lowerBound].lowercased()
            rest = cleaned[separator.upperBound...]
            switch scheme {
            case "http": defaultPort = "80"
            case "https": defaultPort = "443"
            default:
                throw BaseURL.Problem(message: "OLLAMA_HOST \"\(cleaned)\" must use http:// or https://",
                                      hint: "write it like 127.0.0.1:11434 or http://gpu-box:11434")
            }
        }
        var path = ""
        if let slash = rest.firstIndex(of: "/") {
            path = String(rest[slash...])
            rest = rest[..<slash]
        }
        var (host, port) = splitHostPort(String(rest))
        if host.isEmpty || host == "0.0.0.0" { host = "127.0.0.1" }
        if host == "::" || host == "0:0:0:0:0:0:0:0" { host = "::1" }
        var warning: String?
        if let given = port {
            if let number = Int(given), (0...65535).contains(number) {
                port = String(number)
            } else {
                warning = "OLLAMA_HOST has an invalid port \"\(given)\"; using \(defaultPort) as Ollama does"
                port = defaultPort
            }
        }
        let hostPart = host.contains(":") ? "[\(host)]" : host
        let url = try BaseURL.normalize("\(scheme)://\(hostPart):\(port ?? defaultPort)\(path)")
        return Result(url: url, warning: warning)
    }

    /// Splits `host:port`, `[v6]:port`, `[v6]`, a bare IPv6 address or a bare host.
    private static func splitHostPort(_ text: String) -> (host: String, port: String?) {
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            let host = String(text[text.index(after: text.startIndex)..<close])
            let after = text[text.index(after: close)...]
            return (host, after.hasPrefix(":") ? String(after.dropFirst()) : nil)
        }
        let colons = text.filter { $0 == ":" }.count
        if colons == 1, let colon = text.firstIndex(of: ":") {
            return (String(text[..<colon]), String(text[text.index(after: colon)...]))
        }
        return (text, nil)   // a bare host, or a bare IPv6 address with several colons
    }
}

private extension String {
    func trimmingSpaces() -> String {
        var slice = Substring(self)
        while let first = slice.first, first.isWhitespace { slice.removeFirst() }
        while let last = slice.last, last.isWhitespace { slice.removeLast() }
        return String(slice)
    }

    func trimmingQuotes() -> String {
        var slice = Substring(self)
        while let first = slice.first, first == "\"" || first == "'" { slice.removeFirst() }
        while let last = slice.last, last == "\"" || last == "'" { slice.removeLast() }
        return String(slice)
    }
}
