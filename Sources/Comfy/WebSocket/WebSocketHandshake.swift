import Foundation

/// The opening handshake of RFC 6455 §4.1 for one `ws://` URL: the parsed endpoint, the
/// upgrade request (never with an `Origin` header: ComfyUI answers 403 to a foreign
/// origin), and the check of the server's 101 answer including `Sec-WebSocket-Accept`.
/// A plain value.
struct WebSocketHandshake: Sendable {
    static let guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

    let host: String
    let port: Int
    /// Path and query, e.g. "/ws?clientId=abc".
    let target: String
    /// The URL without its query (the client id), for messages.
    let displayURL: String
    let key: String

    /// Parses `url` (`ws://` or `http://`). `wss://`/`https://` are refused with `unsupportedScheme`.
    init(url: String) throws(WebSocketError) {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
              let host = components.host, !host.isEmpty else {
            throw WebSocketError(.invalidURL, "not a WebSocket URL: \(Self.redact(url))")
        }
        let display = Self.redact(url)
        switch scheme {
        case "ws", "http":
            break
        case "wss", "https":
            throw WebSocketError(.unsupportedScheme, "\(display): wss:// (TLS) WebSockets are not supported; progress will be polled instead")
        default:
            throw WebSocketError(.invalidURL, "\(display): the scheme must be ws:// or http://")
        }
        self.host = host
        self.port = components.port ?? 80
        let path = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
        self.target = components.percentEncodedQuery.map { path + "?" + $0 } ?? path
        self.displayURL = display
        var generator = SystemRandomNumberGenerator()
        let nonce = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        self.key = Data(nonce).base64EncodedString()
    }

    /// The HTTP/1.1 upgrade request.
    func request(userAgent: String) -> [UInt8] {
        let hostHeader = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        let lines = [
            "GET \(target) HTTP/1.1",
            "Host: \(hostHeader):\(port)",
            "Upgrade: websocket",
            "Connection: Upgrade",
            "Sec-WebSocket-Key: \(key)",
            "Sec-WebSocket-Version: 13",
            "User-Agent: \(userAgent)",
        ]
        return Array((lines.joined(separator: "\r\n") + "\r\n\r\n").utf8)
    }

    /// The accept value the server must send for `key`.
    static func acceptValue(for key: String) -> String {
        Data(SHA1.hash(Array((key + guid).utf8))).base64EncodedString()
    }

    /// Checks the response head (the bytes before CRLFCRLF). Throws `handshakeRejected`
    /// naming the status or the missing header.
    func verify(head: [UInt8]) throws(WebSocketError) {
        let lines = String(decoding: head, as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = lines.first?.split(separator: " ", maxSplits: 2) ?? []
        guard statusParts.count >= 2, statusParts[0].hasPrefix("HTTP/"), let status = Int(statusParts[1]) else {
            throw WebSocketError(.handshakeRejected, "\(displayURL): the answer to the WebSocket upgrade is not HTTP")
        }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            headers[name] = value
        }
        guard status == 101 else {
            var hint = ""
            if status == 403 { hint = " (ComfyUI refuses requests whose Origin differs from its host)" }
            if status == 404 { hint = " (no WebSocket endpoint at this path)" }
            throw WebSocketError(.handshakeRejected, "\(displayURL): the server refused the WebSocket with HTTP \(status)\(hint)",
                                 httpStatus: status)
        }
        guard headers["upgrade"]?.lowercased() == "websocket" else {
            throw WebSocketError(.handshakeRejected, "\(displayURL): the 101 answer lacks \"Upgrade: websocket\"", httpStatus: status)
        }
        let connectionTokens = (headers["connection"] ?? "").lowercased().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard connectionTokens.contains("upgrade") else {
            throw WebSocketError(.handshakeRejected, "\(displayURL): the 101 answer lacks \"Connection: Upgrade\"", httpStatus: status)
        }
        guard headers["sec-websocket-accept"] == Self.acceptValue(for: key) else {
            throw WebSocketError(.handshakeRejected, "\(displayURL): the server's Sec-WebSocket-Accept does not match the key", httpStatus: status)
        }
        if let extensions = headers["sec-websocket-extensions"], !extensions.isEmpty {
            throw WebSocketError(.handshakeRejected, "\(displayURL): the server chose an extension (\(extensions)) that was not offered",
                                 httpStatus: status)
        }
    }

    static func redact(_ url: String) -> String {
        guard let cut = url.firstIndex(where: { $0 == "?" || $0 == "#" }) else { return url }
        return String(url[..<cut])
    }
}
