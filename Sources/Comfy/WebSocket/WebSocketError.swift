/// Why a WebSocket could not be opened or ended badly. `message` is one line naming the URL
/// (without its query, which carries the client id) and what happened. A plain value.
public struct WebSocketError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, for callers that react differently.
    public enum Kind: Sendable, Hashable {
        /// The URL is not a `ws://` (or `http://`) URL with a host.
        case invalidURL
        /// `wss://` / `https://`: this client speaks plain TCP only.
        case unsupportedScheme
        /// Resolving or connecting failed (refused, unreachable, timed out).
        case connectFailed
        /// The server answered the upgrade with something other than a valid 101.
        case handshakeRejected
        /// The peer broke RFC 6455 (the close code sent is in `closeCode`).
        case protocolViolation
        /// A frame or message was larger than the cap.
        case tooLarge
        /// The connection ended without a close handshake (reset, EOF, timeout).
        case connectionLost
        /// The peer closed with a code other than normal.
        case closedByPeer
        /// `close()` or cancellation ended it.
        case cancelled
    }

    public var kind: Kind
    public var message: String
    /// The HTTP status of a rejected handshake.
    public var httpStatus: Int?
    /// The close code sent or received, when there was one.
    public var closeCode: UInt16?

    public init(_ kind: Kind, _ message: String, httpStatus: Int? = nil, closeCode: UInt16? = nil) {
        self.kind = kind
        self.message = message
        self.httpStatus = httpStatus
        self.closeCode = closeCode
    }

    public var description: String { message }
}
