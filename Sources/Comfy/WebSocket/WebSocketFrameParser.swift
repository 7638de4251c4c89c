/// Cuts a byte stream into RFC 6455 frames, whatever the chunking: `append` bytes as they
/// arrive, then call `next()` until it returns nil. Enforces what a client must: no RSV bits
/// (no extension is negotiated), known opcodes, server frames unmasked, control frames final
/// and at most 125 bytes, the 64-bit length's top bit clear, and a per-frame size cap.
/// A violation throws `WebSocketProtocolError` with the close code to send. A value owned by
/// the one reader; not shared.
struct WebSocketFrameParser {
    /// The largest payload accepted in one frame.
    let maxFrameBytes: Int
    /// True on the client side (frames must arrive unmasked); false on a server.
    let expectUnmasked: Bool
    private var buffer: [UInt8] = []
    private var offset = 0

    init(maxFrameBytes: Int, expectUnmasked: Bool = true) {
        self.maxFrameBytes = maxFrameBytes
        self.expectUnmasked = expectUnmasked
    }

    /// Bytes waiting to be parsed.
    var bufferedCount: Int { buffer.count - offset }

    mutating func append(_ bytes: [UInt8]) {
        if offset > 0 && offset == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            offset = 0
        } else if offset > 1 << 20 {
            buffer.removeFirst(offset)
            offset = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// The next complete frame, nil when more bytes are needed.
    mutating func next() throws(WebSocketProtocolError) -> WebSocketFrame? {
        let available = buffer.count - offset
        guard available >= 2 else { return nil }
        let first = buffer[offset]
        let second = buffer[offset + 1]
        guard first & 0x70 == 0 else {
            throw WebSocketProtocolError(code: WebSocketCloseCode.protocolError, "a frame has reserved bits set and no extension was agreed")
        }
        guard let opcode = WebSocketFrame.Opcode(rawValue: first & 0x0F) else {
            throw WebSocketProtocolError(code: WebSocketCloseCode.protocolError, "unknown frame opcode \(first & 0x0F)")
        }
        let fin = first & 0x80 != 0
        let masked = second & 0x80 != 0
        if masked == expectUnmasked {
            throw WebSocketProtocolError(code: WebSocketCloseCode.protocolError,
                                         expectUnmasked ? "the server sent a masked frame" : "the client sent an unmasked frame")
        }
        var headerLength = 2
        var length = UInt64(second & 0x7F)
        if length == 126 {
            guard available >= 4 else { return nil }
            length = UInt64(buffer[offset + 2]) << 8 | UInt64(buffer[offset + 3])
            headerLength = 4
        } else if length == 127 {
            guard available >= 10 else { return nil }
            length = 0
            for index in 0..<8 { length = length << 8 | UInt64(buffer[offset + 2 + index]) }
            guard length >> 63 == 0 else {
                throw WebSocketProtocolError(code: WebSocketCloseCode.protocolError, "a frame length has its top bit set")
            }
            headerLength = 10
        }
        if opcode.isControl {
            guard fin else { throw WebSocketProtocolError(code: WebSocketCloseCode.protocolError, "a control frame is fragmented") }
            guard length <= 125 else {
                throw WebSocketProtocolError(code: WebSocketCloseCode.protocolError, "a control frame is longer than 125 bytes")
            }
        }
        guard length <= UInt64(maxFrameBytes) else {
            throw WebSocketProtocolError(code: WebSocketCloseCode.messageTooBig,
                                         "a frame of \(length) bytes is larger than the \(maxFrameBytes) allowed")
        }
        let maskLength = masked ? 4 : 0
        let total = headerLength + maskLength + Int(length)
        guard available >= total else { return nil }
        let payloadStart = offset + headerLength + maskLength
        var payload = Array(buffer[payloadStart..<payloadStart + Int(length)])
        if masked {
            let key = Array(buffer[(offset + headerLength)..<(offset + headerLength + 4)])
            for index in payload.indices { payload[index] ^= key[index & 3] }
        }
        offset += total
        return WebSocketFrame(fin: fin, opcode: opcode, payload: payload, wasMasked: masked)
    }
}

/// A broken WebSocket rule: the close code to send and one line saying which rule.
struct WebSocketProtocolError: Error, Sendable {
    var code: UInt16
    var message: String

    init(code: UInt16, _ message: String) {
        self.code = code
        self.message = message
    }
}
