import Foundation
import Synchronization

/// One client socket of the fake ComfyUI after the upgrade: sends server frames (unmasked)
/// from any thread through the response writer, and runs the read loop on the handler's
/// thread — recording every client frame, answering pings with pongs and a close with a
/// close. Thread-safe.
final class FakeWebSocketPeer: Sendable {
    let clientID: String
    private let writer: HTTPServerResponseWriter
    private let state = Mutex(PeerState())

    private struct PeerState {
        var received: [FakeWebSocketFrame] = []
        var sentClose = false
        var dropped = false
    }

    init(clientID: String, writer: HTTPServerResponseWriter) {
        self.clientID = clientID
        self.writer = writer
    }

    /// `Sec-WebSocket-Accept` for a key.
    static func accept(for key: String) -> String {
        Data(FakeSHA1.hash(Array((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").utf8))).base64EncodedString()
    }

    var received: [FakeWebSocketFrame] { state.withLock { $0.received } }
    var isOpen: Bool { state.withLock { !$0.dropped && !$0.sentClose } && !writer.clientDisconnected }

    @discardableResult
    func send(text: String) -> Bool { send(FakeWebSocketFrame.text(text)) }

    @discardableResult
    func send(_ frame: FakeWebSocketFrame) -> Bool {
        let open = state.withLock { state -> Bool in
            if frame.opcode == 8 {
                guard !state.sentClose else { return false }
                state.sentClose = true
                return !state.dropped
            }
            return !state.sentClose && !state.dropped
        }
        return open && writer.writeRaw(frame.encoded())
    }

    /// Bytes exactly as given (broken frames, masked server frames...).
    @discardableResult
    func sendRaw(_ bytes: [UInt8]) -> Bool { writer.writeRaw(bytes) }

    /// Closes the TCP connection with no close frame.
    func drop() {
        state.withLock { $0.dropped = true }
        writer.abort()
    }

    /// Reads client frames until the connection ends or a close handshake completes.
    func readLoop(isStopped: () -> Bool) {
        var buffer: [UInt8] = []
        while !isStopped() {
            switch writer.readUpgraded(waitMilliseconds: 100) {
            case .timeout:
                if state.withLock({ $0.dropped }) { return }
                continue
            case .closed:
                return
            case .bytes(let bytes):
                buffer += bytes
            }
            while let (frame, used) = FakeWebSocketFrame.parse(buffer[...]) {
                buffer.removeFirst(used)
                state.withLock { $0.received.append(frame) }
                switch frame.opcode {
                case 9:
                    send(FakeWebSocketFrame(opcode: 10, payload: frame.payload))
                case 8:
                    send(FakeWebSocketFrame(opcode: 8, payload: Array(frame.payload.prefix(2))))
                    return
                default:
                    break
                }
            }
        }
    }
}
