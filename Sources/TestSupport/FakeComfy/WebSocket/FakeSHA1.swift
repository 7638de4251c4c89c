/// SHA-1, only to compute `Sec-WebSocket-Accept` in the fake server (TestSupport cannot use
/// the client's copy; an independent one also keeps the test honest). Stateless.
enum FakeSHA1 {
    static func hash(_ bytes: [UInt8]) -> [UInt8] {
        func rotl(_ value: UInt32, _ count: UInt32) -> UInt32 { (value << count) | (value >> (32 - count)) }
        var h: [UInt32] = [0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0]
        var message = bytes + [0x80]
        while message.count % 64 != 56 { message.append(0) }
        message += Checksums.bigEndian(UInt32(truncatingIfNeeded: (UInt64(bytes.count) * 8) >> 32))
        message += Checksums.bigEndian(UInt32(truncatingIfNeeded: UInt64(bytes.count) * 8))
        for start in stride(from: 0, to: message.count, by: 64) {
            var w = (0..<16).map { i -> UInt32 in
                let j = start + i * 4
                return UInt32(message[j]) << 24 | UInt32(message[j + 1]) << 16 | UInt32(message[j + 2]) << 8 | UInt32(message[j + 3])
            }
            for i in 16..<80 { w.append(rotl(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1)) }
            var (a, b, c, d, e) = (h[0], h[1], h[2], h[3], h[4])
            for i in 0..<80 {
                let (f, k): (UInt32, UInt32)
                if i < 20 { (f, k) = ((b & c) | (~b & d), 0x5A827999) }
                else if i < 40 { (f, k) = (b ^ c ^ d, 0x6ED9EBA1) }
                else if i < 60 { (f, k) = ((b & c) | (b & d) | (c & d), 0x8F1BBCDC) }
                else { (f, k) = (b ^ c ^ d, 0xCA62C1D6) }
                let temp = rotl(a, 5) &+ f &+ e &+ k &+ w[i]
                (e, d, c, b, a) = (d, c, rotl(b, 30), a, temp)
            }
            h[0] &+= a; h[1] &+= b; h[2] &+= c; h[3] &+= d; h[4] &+= e
        }
        return h.flatMap { Checksums.bigEndian($0) }
    }
}
