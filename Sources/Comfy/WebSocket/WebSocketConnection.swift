import Foundation

/// A client WebSocket (RFC 6455) over a plain TCP socket: `ws://` only — Debian's libcurl
/// has no WebSocket support, and `wss://` is refused with `WebSocketError.Kind.unsupportedScheme`.
/// `connect` opens the socket and does the handshake; incoming messages arrive on
/// `messages`; pings are answered with pongs; a close from the server is answered and ends
/// the stream (normally for 1000/1001, with `closedByPeer` otherwise); a broken rule sends
/// the matching close code and ends the stream with `protocolViolation`/`tooLarge`; a
/// connection that drops ends it with `connectionLost`.
///
/// One dedicated thread per connection reads and owns the descriptor (it alone closes it);
/// sends from any task are serialised by a lock. Always call `close()` (or `abort()`) when
/// done: leaving a `for try await` loop does not close the socket by itself.
/// Sendable; every member may be called from any task.
public final class WebSocketConnection: Sendable {
    /// Limits and timeouts. A plain value.
    public struct Options: Sendable {
        /// Seconds to resolve and connect.
        public var connectTimeout: Double = 5
        /// Seconds for the server to answer the upgrade.
        public var handshakeTimeout: Double = 10
        /// The largest frame payload accepted.
        public var maxFrameBytes: Int = 16 << 20
        /// The largest message (all fragments together) accepted.
        public var maxMessageBytes: Int = 32 << 20
        /// Seconds to wait for the server's close after ours before dropping the socket.
        public var closeTimeout: Double = 2
        public var userAgent: String = "atelier"

        public init() {}
    }

    /// The URL without its query.
    public let url: String
    /// Every message, in order. Ends when the connection closes (see the type's doc).
    public let messages: AsyncThrowingStream<WebSocketMessage, Error>
    private let core: WebSocketCore

    private init(url: String, messages: AsyncThrowingStream<WebSocketMessage, Error>, core: WebSocketCore) {
        self.url = url
        self.messages = messages
        self.core = core
    }

    /// Connects and completes the opening handshake. Throws `WebSocketError` (kind
    /// `cancelled` when the task is cancelled meanwhile).
    public static func connect(_ url: String, options: Options = Options()) async throws -> WebSocketConnection {
        let handshake = try WebSocketHandshake(url: url)
        let (stream, continuation) = AsyncThrowingStream<WebSocketMessage, Error>.makeStream()
        let core = WebSocketCore(handshake: handshake, options: options, continuation: continuation)
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (opened: CheckedContinuation<Void, Error>) in
                let thread = Thread { core.run(opened: opened) }
                thread.name = "atelier-websocket"
                thread.start()
            }
        } onCancel: {
            core.abort()
        }
        return WebSocketConnection(url: handshake.displayURL, messages: stream, core: core)
    }

    /// Sends a text message (one masked frame). Throws when the connection is closing or gone.
    public func send(text: String) throws(WebSocketError) {
        try core.send(WebSocketFrame(opcode: .text, payload: Array(text.utf8)))
    }

    /// Sends a binary message.
    public func send(binary: [UInt8]) throws(WebSocketError) {
        try core.send(WebSocketFrame(opcode: .binary, payload: binary))
    }

    /// Sends frames exactly as given (for tests of fragmentation).
    public func send(frames: [WebSocketFrame]) throws(WebSocketError) {
        for frame in frames { try core.send(frame) }
    }

    /// Sends a ping (payload at most 125 bytes).
    public func ping(_ payload: [UInt8] = []) throws(WebSocketError) {
        try core.send(WebSocketFrame(opcode: .ping, payload: Array(payload.prefix(125))))
    }

    /// Starts the closing handshake; `messages` ends when the server answers (or after
    /// `closeTimeout`). Idempotent.
    public func close(code: UInt16 = WebSocketCloseCode.normal, reason: String = "") {
        core.close(code: code, reason: reason)
    }

    /// Drops the connection at once, without a closing handshake.
    public func abort() { core.abort() }

    /// The close code the server sent, once it did.
    public var peerCloseCode: UInt16? { core.peerCloseCode }
}
