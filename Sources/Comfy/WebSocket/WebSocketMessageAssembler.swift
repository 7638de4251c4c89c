/// One complete WebSocket message. A plain value.
public enum WebSocketMessage: Sendable, Hashable {
    case text(String)
    case binary([UInt8])
}

/// Turns frames into messages and control events (RFC 6455 §5.4–5.5): joins a fragmented
/// text or binary message from its continuation frames, lets control frames arrive between
/// fragments, checks that text is valid UTF-8 and that a close frame's code and reason are
/// well formed, and caps the size of a whole message. A value owned by the one reader.
struct WebSocketMessageAssembler {
    /// What one frame produced.
    enum Output: Equatable {
        case message(WebSocketMessage)
        case ping([UInt8])
        case pong([UInt8])
        /// The peer's close: its code (nil when the frame had none) and reason.
        case close(code: UInt16?, reason: String)
    }

    let maxMessageBytes: Int
    private var partialOpcode: WebSocketFrame.Opcode?
    private var partial: [UInt8] = []

    init(maxMessageBytes: Int) {
        self.maxMessageBytes = maxMessageBytes
    }

    /// The output of one frame; nil for a fragment that does not finish its message.
    mutating func accept(_ frame: WebSocketFrame) throws(WebSocketProtocolError) -> Output? {
        switch frame.opcode {
        case .ping:
            return .ping(frame.payload)
        case .pong:
            return .pong(frame.payload)
        case .close:
            return try closeOutput(frame.payload)
        case .text, .binary:
            guard partialOpcode == nil else {
                throw WebSocketProtocolError(code: WebSocketCloseCode.protocolError, "a new message started before the fragmented one ended")
            }
            if frame.fin { return try finish(opcode: frame.opcode, payload: frame.payload) }
            try checkSize(frame.payload.count)
            partialOpcode = frame.opcode
            partial = frame.payload
            return nil
        case .continuation:
            guard let opcode = partialOpcode else {
                throw WebSocketProtocolError(code: WebSocketCloseCode.protocolError, "a continuation frame arrived with no message to continue")
            }
            try checkSize(partial.count + frame.payload.count)
            partial += frame.payload
            guard frame.fin else { return nil }
            let payload = partial
            partial = []
            partialOpcode = nil
            return try finish(opcode: opcode, payload: payload)
        }
    }

    private func checkSize(_ count: Int) throws(WebSocketProtocolError) {
        guard count <= maxMessageBytes else {
            throw WebSocketProtocolError(code: WebSocketCloseCode.messageTooBig,
                                         "a message of more than \(maxMessageBytes) bytes arrived")
        }
    }

    private func finish(opcode: WebSocketFrame.Opcode, payload: [UInt8]) throws(WebSocketProtocolError) -> Output {
        try checkSize(payload.count)
        if opcode == .binary { return .message(.binary(payload)) }
        guard let text = String(validating: payload, as: UTF8.self) else {
            throw WebSocketProtocolError(code: WebSocketCloseCode.invalidPayload, "a text message is not valid UTF-8")
        }
        return .message(.text(text))
    }

    private func closeOutput(_ payload: [UInt8]) throws(WebSocketProtocolError) -> Output {
        if payload.isEmpty { return .close(code: nil, reason: "") }
        guard payload.count >= 2 else {
            throw WebSocketProtocolError(code: WebSocketCloseCode.protocolError, "a close frame has a 1-byte payload")
        }
        let code = UInt16(payload[0]) << 8 | UInt16(payload[1])
        guard WebSocketCloseCode.isValidOnWire(code) else {
            throw WebSocketProtocolError(code: WebSocketCloseCode.protocolError, "a close frame has the invalid code \(code)")
        }
        guard let reason = String(validating: payload[2...], as: UTF8.self) else {
            throw WebSocketProtocolError(code: WebSocketCloseCode.invalidPayload, "a close reason is not valid UTF-8")
        }
        return .close(code: code, reason: reason)
    }
}
