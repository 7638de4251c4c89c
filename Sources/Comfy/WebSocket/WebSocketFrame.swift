/// One RFC 6455 frame: FIN bit, opcode and the (unmasked) payload, plus the encoder that
/// writes it. Client frames are always masked with a fresh random key (RFC 6455 §5.3).
/// A plain value.
public struct WebSocketFrame: Sendable, Hashable {
    /// The frame opcodes of RFC 6455 §5.2.
    public enum Opcode: UInt8, Sendable, Hashable {
        case continuation = 0x0
        case text = 0x1
        case binary = 0x2
        case close = 0x8
        case ping = 0x9
        case pong = 0xA

        /// Close, ping and pong.
        public var isControl: Bool { rawValue & 0x8 != 0 }
    }

    public var fin: Bool
    public var opcode: Opcode
    public var payload: [UInt8]
    /// Whether the frame arrived masked (servers must not mask).
    public var wasMasked: Bool

    public init(fin: Bool = true, opcode: Opcode, payload: [UInt8], wasMasked: Bool = false) {
        self.fin = fin
        self.opcode = opcode
        self.payload = payload
        self.wasMasked = wasMasked
    }

    /// The wire bytes. `maskKey` (4 bytes) masks the payload as a client must; nil sends it
    /// unmasked. Lengths use the 7-bit, 16-bit or 64-bit form as RFC 6455 requires.
    public func encoded(maskKey: [UInt8]?) -> [UInt8] {
        var bytes: [UInt8] = [(fin ? 0x80 : 0) | opcode.rawValue]
        let maskBit: UInt8 = maskKey == nil ? 0 : 0x80
        let count = payload.count
        if count < 126 {
            bytes.append(maskBit | UInt8(count))
        } else if count <= 0xFFFF {
            bytes.append(maskBit | 126)
            bytes += [UInt8(count >> 8), UInt8(count & 0xFF)]
        } else {
            bytes.append(maskBit | 127)
            let length = UInt64(count)
            for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: length >> UInt64(shift))) }
        }
        guard let maskKey, maskKey.count == 4 else { return bytes + payload }
        bytes += maskKey
        bytes.reserveCapacity(bytes.count + count)
        for (index, byte) in payload.enumerated() { bytes.append(byte ^ maskKey[index & 3]) }
        return bytes
    }

    /// A client frame: masked with a random key.
    public func clientEncoded() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        let key = (0..<4).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return encoded(maskKey: key)
    }

    /// A close frame's payload: the code (big-endian) then the UTF-8 reason, cut to fit the
    /// 125-byte control frame limit.
    public static func closePayload(code: UInt16, reason: String) -> [UInt8] {
        var payload = [UInt8(code >> 8), UInt8(code & 0xFF)]
        var reasonBytes = Array(reason.utf8.prefix(123))
        while String(validating: reasonBytes, as: UTF8.self) == nil, !reasonBytes.isEmpty { reasonBytes.removeLast() }
        payload += reasonBytes
        return payload
    }
}

/// A WebSocket close code and why, as RFC 6455 §7.4 defines them. A plain value.
public enum WebSocketCloseCode {
    public static let normal: UInt16 = 1000
    public static let goingAway: UInt16 = 1001
    public static let protocolError: UInt16 = 1002
    public static let unsupportedData: UInt16 = 1003
    public static let invalidPayload: UInt16 = 1007
    public static let policyViolation: UInt16 = 1008
    public static let messageTooBig: UInt16 = 1009

    /// Whether a code may appear in a close frame on the wire.
    public static func isValidOnWire(_ code: UInt16) -> Bool {
        switch code {
        case 1000...1003, 1007...1011, 1012...1014: return true
        case 3000...4999: return true
        default: return false
        }
    }
}
