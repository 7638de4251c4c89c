import Glibc
import Synchronization

/// Writes one response on one connection, imperatively and unbuffered: every call is sent to
/// the socket at once (TCP_NODELAY), so tests can split bytes at any boundary. Made for the
/// handler, which runs synchronously on the connection's thread; calls are serialised by a
/// lock, so another thread may also write while the handler is still running. Once the
/// handler has returned the writer is detached and every call is a no-op returning false.
/// Writing to a client that has gone never raises SIGPIPE; it returns false.
public final class HTTPServerResponseWriter: @unchecked Sendable {
    /// How the body is delimited on the wire.
    public enum BodyMode: Sendable, Equatable {
        /// `Transfer-Encoding: chunked`; each `write` is one chunk, `finish` sends the last chunk.
        case chunked
        /// `Content-Length: n`; writes are sent as they are (a different total is allowed: it lies).
        case contentLength(Int)
        /// No length: the body ends when the server closes the connection.
        case closeDelimited
    }

    private enum Framing { case none, chunked, length(Int), closeDelimited, raw }

    private struct State {
        var framing = Framing.none
        var bodyBytes = 0
        var finished = false
        var aborted = false
        var failed = false
        var detached = false
        var closeAfter = false
    }

    let fd: Int32
    private let connectionID: UInt64
    private let core: LoopbackServerCore
    private let keepAliveRequested: Bool
    private let isHead: Bool
    private let state = Mutex(State())

    init(fd: Int32, connectionID: UInt64, core: LoopbackServerCore, keepAliveRequested: Bool, isHead: Bool) {
        self.fd = fd
        self.connectionID = connectionID
        self.core = core
        self.keepAliveRequested = keepAliveRequested
        self.isHead = isHead
    }

    /// Sends the status line and headers. The framing header (`Transfer-Encoding` or
    /// `Content-Length`) is added from `mode` unless `headers` already has one;
    /// `Connection: close` is added when the connection will not be kept.
    /// Ignored when a head (or raw bytes) was already sent.
    public func writeHead(status: Int, headers: [(String, String)], mode: BodyMode) {
        state.withLock { state in
            guard case .none = state.framing, usable(state) else { return }
            var lines = ["HTTP/1.1 \(status) \(HTTPStatusReason.phrase(for: status))"]
            lines += headers.map { "\($0.0): \($0.1)" }
            let names = Set(headers.map { $0.0.lowercased() })
            let hasFraming = names.contains("content-length") || names.contains("transfer-encoding")
            switch mode {
            case .chunked:
                state.framing = .chunked
                if !hasFraming { lines.append("Transfer-Encoding: chunked") }
            case .contentLength(let length):
                state.framing = .length(length)
                if !hasFraming { lines.append("Content-Length: \(length)") }
            case .closeDelimited:
                state.framing = .closeDelimited
                state.closeAfter = true
            }
            let closeHeader = headers.contains { $0.0.lowercased() == "connection" && $0.1.lowercased() == "close" }
            if closeHeader || !keepAliveRequested { state.closeAfter = true }
            if state.closeAfter && !closeHeader { lines.append("Connection: close") }
            send(&state, Array((lines.joined(separator: "\r\n") + "\r\n\r\n").utf8))
        }
    }

    /// Sends a whole body with `Content-Length`, then finishes.
    public func respond(status: Int, contentType: String, body: [UInt8]) {
        writeHead(status: status, headers: [("Content-Type", contentType)], mode: .contentLength(body.count))
        if !body.isEmpty { write(body) }
        finish()
    }

    /// Sends a JSON body (`application/json`) with `Content-Length` and any extra headers, then finishes.
    public func respond(status: Int, json: String, headers: [(String, String)] = []) {
        let body = Array(json.utf8)
        writeHead(status: status, headers: [("Content-Type", "application/json")] + headers,
                  mode: .contentLength(body.count))
        if !body.isEmpty { write(body) }
        finish()
    }

    /// Sends body bytes at once: one chunk in chunked mode, as they are otherwise. Sends a
    /// `200` chunked head first if none was written. False once the client has gone.
    @discardableResult
    public func write(_ bytes: [UInt8]) -> Bool {
        if state.withLock({ if case .none = $0.framing { return true } else { return false } }) {
            writeHead(status: 200, headers: [], mode: .chunked)
        }
        return state.withLock { state in
            guard usable(state), !state.finished else { return false }
            if bytes.isEmpty { return true }
            state.bodyBytes += bytes.count
            if isHead { return true }
            if case .chunked = state.framing {
                let frame = Array((String(bytes.count, radix: 16) + "\r\n").utf8) + bytes + [13, 10]
                return send(&state, frame)
            }
            return send(&state, bytes)
        }
    }

    /// `write` of the text's UTF-8 bytes.
    @discardableResult
    public func write(_ text: String) -> Bool { write(Array(text.utf8)) }

    /// Sends bytes exactly as given, bypassing chunk framing (for lying lengths and broken
    /// framing). Before any head, the bytes are the whole response, head included, and the
    /// connection is closed afterwards.
    @discardableResult
    public func writeRaw(_ bytes: [UInt8]) -> Bool {
        state.withLock { state in
            guard usable(state) else { return false }
            if case .none = state.framing {
                state.framing = .raw
                state.closeAfter = true
            }
            return send(&state, bytes)
        }
    }

    /// Waits, returning early (false) when the client disconnects or the server stops.
    /// True when the whole time passed with the client still there.
    public func sleep(seconds: Double) -> Bool {
        let deadline = SocketIO.monotonicSeconds() + seconds
        while true {
            let (gone, pending) = peer()
            if gone { return false }
            let remaining = deadline - SocketIO.monotonicSeconds()
            if remaining <= 0 { return true }
            let slice = Int32(min(remaining, 0.05) * 1000) + 1
            if pending {
                usleep(UInt32(slice) * 1000)   // unread input would make poll return at once
            } else {
                _ = SocketIO.waitReadable(fd, milliseconds: slice)
            }
        }
    }

    /// Ends the response properly: the terminating chunk in chunked mode; closes the
    /// connection when the body was close-delimited, raw, or shorter or longer than its
    /// declared length. With no head yet, sends an empty `200` with `Content-Length: 0`.
    public func finish() {
        if state.withLock({ if case .none = $0.framing { return usable($0) } else { return false } }) {
            writeHead(status: 200, headers: [], mode: .contentLength(0))
        }
        state.withLock { state in
            guard usable(state), !state.finished else { return }
            state.finished = true
            switch state.framing {
            case .chunked:
                if !isHead { send(&state, Array("0\r\n\r\n".utf8)) }
            case .length(let declared):
                if state.bodyBytes != declared && !isHead { state.closeAfter = true }
            case .none, .closeDelimited, .raw:
                state.closeAfter = true
            }
        }
    }

    /// Closes the connection at once, wherever the response is (truncation).
    public func abort() {
        state.withLock { state in
            guard !state.detached, !state.aborted else { return }
            state.aborted = true
            core.shutdownConnection(connectionID)
        }
    }

    /// True once the client has closed or reset the connection, a write failed, the
    /// response was aborted or the server stopped.
    public var clientDisconnected: Bool {
        peer().gone
    }

    /// Marks the writer unusable (the handler returned); says whether the connection may carry
    /// another request.
    func detach() -> Bool {
        state.withLock { state in
            state.detached = true
            return !state.closeAfter && !state.aborted && !state.failed && keepAliveRequested
        }
    }

    private func peer() -> (gone: Bool, pending: Bool) {
        state.withLock { state in
            if state.detached || state.aborted || state.failed || core.isStopped { return (true, false) }
            let (closed, pending) = SocketIO.peerState(fd)
            if closed { state.failed = true }
            return (closed, pending)
        }
    }

    private func usable(_ state: State) -> Bool {
        !state.detached && !state.aborted && !state.failed
    }

    @discardableResult
    private func send(_ state: inout State, _ bytes: [UInt8]) -> Bool {
        guard usable(state) else { return false }
        if SocketIO.peerState(fd).closed || !SocketIO.sendAll(fd, bytes) {
            state.failed = true
            return false
        }
        return true
    }
}
