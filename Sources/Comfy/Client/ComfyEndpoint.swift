import Foundation

/// Where ComfyUI is and how to build URLs for it: the base URL (from `COMFYUI_URL`, else the
/// config's `comfyui_url`, else `http://127.0.0.1:8188`), paths under it (a base with a path
/// prefix keeps it), query values percent-encoded byte by byte, and the matching `ws://`
/// URL. A plain value.
public struct ComfyEndpoint: Sendable, Hashable {
    public static let defaultBaseURL = "http://127.0.0.1:8188"

    /// The base URL without a trailing slash, e.g. "http://127.0.0.1:8188".
    public let baseURL: String

    public init(_ baseURL: String = defaultBaseURL) {
        var text = baseURL.trimmed
        if !text.contains("://") { text = "http://" + text }
        while text.hasSuffix("/") { text.removeLast() }
        self.baseURL = text
    }

    /// The base URL Atelier uses: `COMFYUI_URL` when set and non-empty, else the config
    /// file's `comfyui_url`, else the default.
    public static func resolve(environment: [String: String] = ProcessInfo.processInfo.environment,
                               configValue: String? = nil) -> ComfyEndpoint {
        if let fromEnvironment = environment["COMFYUI_URL"], !fromEnvironment.trimmed.isEmpty {
            return ComfyEndpoint(fromEnvironment)
        }
        if let configValue, !configValue.trimmed.isEmpty { return ComfyEndpoint(configValue) }
        return ComfyEndpoint()
    }

    /// `<base><path>?<query>`, each query name and value percent-encoded (only unreserved
    /// characters are left as they are, so `/`, `..`, `&` and NUL cannot change the request).
    public func url(_ path: String, query: [(String, String)] = []) -> String {
        var text = baseURL + path
        if !query.isEmpty {
            text += "?" + query.map { Self.percentEncode($0.0) + "=" + Self.percentEncode($0.1) }.joined(separator: "&")
        }
        return text
    }

    /// The WebSocket URL for `clientID`: `ws://…/ws?clientId=…` (`wss://` for an https base).
    public func webSocketURL(clientID: String) -> String {
        var base = baseURL
        if base.lowercased().hasPrefix("https://") {
            base = "wss://" + base.dropFirst("https://".count)
        } else if base.lowercased().hasPrefix("http://") {
            base = "ws://" + base.dropFirst("http://".count)
        }
        return base + "/ws?clientId=" + Self.percentEncode(clientID)
    }

    /// Percent-encodes every byte except the unreserved `A-Z a-z 0-9 - . _ ~`.
    public static func percentEncode(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var bytes: [UInt8] = []
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                bytes.append(byte)
            default:
                bytes += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
