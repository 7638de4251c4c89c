import Foundation
import Synchronization

/// The shared state of one connection: the descriptor (owned by the reader thread, which
/// alone closes it, under `state`'s lock), the close progress, and the continuation.
final class WebSocketCore: Sendable {
    private struct State {
        var fd: Int32 = -1
        var sentClose = false
        var closeDeadline: Double?
        var aborted = false
        var peerCloseCode: UInt16?
    }

    private let handshake: WebSocketHandshake
    private let options: WebSocketConnection.Options
    private let continuation: AsyncThrowingStream<WebSocketMessage, Error>.Continuation
    private let state = Mutex(State())

    init(handshake: WebSocketHandshake, options: WebSocketConnection.Options,
         continuation: AsyncThrowingStream<WebSocketMessage, Error>.Continuation) {
        self.handshake = handshake
        self.options = options
        self.continuation = continuation
    }

    var peerCloseCode: UInt16? { state.withLock { $0.peerCloseCode } }

    func send(_ frame: WebSocketFrame) throws(WebSocketError) {
        let sent: Bool = state.withLock { state in
            guard state.fd >= 0, !state.sentClose, !state.aborted else { return false }
            return TCPSocket.sendAll(state.fd, frame.clientEncoded())
        }
        guard sent else { throw WebSocketError(.connectionLost, "\(handshake.displayURL): the WebSocket is closed") }
    }

    func close(code: UInt16, reason: String) {
        state.withLock { state in
            guard state.fd >= 0, !state.sentClose, !state.aborted else { return }
            state.sentClose = true
            state.closeDeadline = TCPSocket.now() + options.closeTimeout
            let frame = WebSocketFrame(opcode: .close, payload: WebSocketFrame.closePayload(code: code, reason: reason))
            _ = TCPSocket.sendAll(state.fd, frame.clientEncoded())
        }
    }

    func abort() {
        state.withLock { state in
            state.aborted = true
            if state.fd >= 0 { _ = shutdown(state.fd, Int32(SHUT_RDWR)) }
        }
    }

    /// The reader thread: connect, handshake, then read until the end.
    func run(opened: CheckedContinuation<Void, Error>) {
        let leftover: [UInt8]
        do {
            leftover = try open()
        } catch {
            releaseDescriptor()
            continuation.finish(throwing: error)
            opened.resume(throwing: error)
            return
        }
        opened.resume()
        let outcome = readLoop(leftover: leftover)
        releaseDescriptor()
        if let outcome { continuation.finish(throwing: outcome) } else { continuation.finish() }
    }

    private func open() throws(WebSocketError) -> [UInt8] {
        let fd = try TCPSocket.connect(host: handshake.host, port: handshake.port, timeout: options.connectTimeout,
                                       url: handshake.displayURL)
        let aborted = state.withLock { state -> Bool in
            state.fd = fd
            return state.aborted
        }
        if aborted { throw WebSocketError(.cancelled, "\(handshake.displayURL): cancelled") }
        guard TCPSocket.sendAll(fd, handshake.request(userAgent: options.userAgent)) else {
            throw WebSocketError(.connectFailed, "\(handshake.displayURL): the connection dropped while sending the upgrade")
        }
        var buffer: [UInt8] = []
        let deadline = TCPSocket.now() + options.handshakeTimeout
        while true {
            if let end = Self.headEnd(buffer) {
                try handshake.verify(head: Array(buffer[0..<end]))
                return Array(buffer[(end + 4)...])
            }
            if state.withLock({ $0.aborted }) { throw WebSocketError(.cancelled, "\(handshake.displayURL): cancelled") }
            guard buffer.count < 16_384 else {
                throw WebSocketError(.handshakeRejected, "\(handshake.displayURL): the upgrade answer's head is too long")
            }
            guard TCPSocket.now() < deadline else {
                throw WebSocketError(.connectFailed, "\(handshake.displayURL): no answer to the WebSocket upgrade within \(options.handshakeTimeout) s")
            }
            guard TCPSocket.waitReadable(fd, milliseconds: 100) else { continue }
            guard let bytes = TCPSocket.receive(fd, maximum: 4096), !bytes.isEmpty else {
                throw WebSocketError(.connectFailed, "\(handshake.displayURL): the server closed the connection during the WebSocket upgrade")
            }
            buffer += bytes
        }
    }

    /// Reads until the connection ends; nil for a clean end, else the error to finish with.
    private func readLoop(leftover: [UInt8]) -> WebSocketError? {
        var parser = WebSocketFrameParser(maxFrameBytes: options.maxFrameBytes)
        var assembler = WebSocketMessageAssembler(maxMessageBytes: options.maxMessageBytes)
        parser.append(leftover)
        guard let fd = state.withLock({ $0.fd >= 0 ? $0.fd : nil }) else { return nil }
        var pendingInput = !leftover.isEmpty
        while true {
            let (aborted, sentClose, deadline) = state.withLock { ($0.aborted, $0.sentClose, $0.closeDeadline) }
            if aborted { return sentClose ? nil : WebSocketError(.cancelled, "\(handshake.displayURL): the WebSocket was dropped") }
            if let deadline, TCPSocket.now() > deadline { return nil }
            if !pendingInput {
                guard TCPSocket.waitReadable(fd, milliseconds: 100) else { continue }
                guard let bytes = TCPSocket.receive(fd), !bytes.isEmpty else {
                    if sentClose { return nil }
                    return WebSocketError(.connectionLost, "\(handshake.displayURL): the connection closed without a WebSocket close")
                }
                parser.append(bytes)
            }
            pendingInput = false
            do {
                while let frame = try parser.next() {
                    guard let output = try assembler.accept(frame) else { continue }
                    switch output {
                    case .message(let message):
                        continuation.yield(message)
                    case .ping(let payload):
                        reply(WebSocketFrame(opcode: .pong, payload: payload))
                    case .pong:
                        break
                    case .close(let code, let reason):
                        return peerClosed(code: code, reason: reason)
                    }
                }
            } catch {
                close(code: error.code, reason: error.message)
                let kind: WebSocketError.Kind = error.code == WebSocketCloseCode.messageTooBig ? .tooLarge : .protocolViolation
                return WebSocketError(kind, "\(handshake.displayURL): \(error.message)", closeCode: error.code)
            }
        }
    }

    private func peerClosed(code: UInt16?, reason: String) -> WebSocketError? {
        let alreadySent = state.withLock { state -> Bool in
            state.peerCloseCode = code
            return state.sentClose
        }
        if !alreadySent {
            let echo = WebSocketFrame(opcode: .close, payload: code.map { WebSocketFrame.closePayload(code: $0, reason: "") } ?? [])
            reply(echo)
            state.withLock { $0.sentClose = true }
        }
        guard let code, code != WebSocketCloseCode.normal, code != WebSocketCloseCode.goingAway else { return nil }
        let why = reason.isEmpty ? "" : ": \(reason)"
        return WebSocketError(.closedByPeer, "\(handshake.displayURL): the server closed the WebSocket with code \(code)\(why)", closeCode: code)
    }

    private func reply(_ frame: WebSocketFrame) {
        state.withLock { state in
            guard state.fd >= 0, !state.sentClose else { return }
            _ = TCPSocket.sendAll(state.fd, frame.clientEncoded())
        }
    }

    private func releaseDescriptor() {
        state.withLock { state in
            if state.fd >= 0 {
                _ = shutdown(state.fd, Int32(SHUT_RDWR))
                Glibc.close(state.fd)
                state.fd = -1
            }
        }
    }

    private static func headEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 0...(bytes.count - 4) where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
            return index
        }
        return nil
    }
}
