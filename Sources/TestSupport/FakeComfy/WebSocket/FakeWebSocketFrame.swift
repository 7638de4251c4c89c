/// One WebSocket frame as the fake server sees or sends it: FIN, opcode, payload and
/// whether it arrived masked (client frames must be). `encoded()` writes a server frame
/// (unmasked; lengths in the 7-, 16- or 64-bit form). A plain value.
public struct FakeWebSocketFrame: Sendable, Hashable {
    public var fin: Bool
    public var opcode: UInt8
    public var payload: [UInt8]
    public var masked: Bool

    public init(fin: Bool = true, opcode: UInt8, payload: [UInt8], masked: Bool = false) {
        self.fin = fin
        self.opcode = opcode
        self.payload = payload
        self.masked = masked
    }

    public static func text(_ text: String, fin: Bool = true) -> FakeWebSocketFrame {
        FakeWebSocketFrame(fin: fin, opcode: 1, payload: Array(text.utf8))
    }

    public var text: String { String(decoding: payload, as: UTF8.self) }

    /// The server-side wire bytes; `maskKey` makes a (protocol-breaking) masked server frame.
    public func encoded(maskKey: [UInt8]? = nil) -> [UInt8] {
        var bytes: [UInt8] = [(fin ? 0x80 : 0) | (opcode & 0x0F)]
        let maskBit: UInt8 = maskKey == nil ? 0 : 0x80
        if payload.count < 126 {
            bytes.append(maskBit | UInt8(payload.count))
        } else if payload.count <= 0xFFFF {
            bytes += [maskBit | 126, UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
        } else {
            bytes.append(maskBit | 127)
            let length = UInt64(payload.count)
            for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: length >> UInt64(shift))) }
        }
        guard let maskKey else { return bytes + payload }
        return bytes + maskKey + payload.enumerated().map { $0.element ^ maskKey[$0.offset & 3] }
    }

    /// Parses one frame from the front of `buffer`; nil when incomplete. Returns the frame
    /// and how many bytes it used.
    static func parse(_ buffer: ArraySlice<UInt8>) -> (FakeWebSocketFrame, Int)? {
        let base = buffer.startIndex
        guard buffer.count >= 2 else { return nil }
        let first = buffer[base], second = buffer[base + 1]
        var length = Int(second & 0x7F)
        var header = 2
        if length == 126 {
            guard buffer.count >= 4 else { return nil }
            length = Int(buffer[base + 2]) << 8 | Int(buffer[base + 3])
            header = 4
        } else if length == 127 {
            guard buffer.count >= 10 else { return nil }
            length = 0
            for index in 0..<8 { length = length << 8 | Int(buffer[base + 2 + index]) }
            header = 10
        }
        let masked = second & 0x80 != 0
        let total = header + (masked ? 4 : 0) + length
        guard length >= 0, buffer.count >= total else { return nil }
        var payload = Array(buffer[(base + header + (masked ? 4 : 0))..<(base + total)])
        if masked {
            let key = Array(buffer[(base + header)..<(base + header + 4)])
            for index in payload.indices { payload[index] ^= key[index & 3] }
        }
        return (FakeWebSocketFrame(fin: first & 0x80 != 0, opcode: first & 0x0F, payload: payload, masked: masked), total)
    }
}
