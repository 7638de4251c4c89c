/// String values for `JSONScanner`: scanning (with every escape checked, as
/// `JSONSerialization` checks it) and decoding into a `String`.
extension JSONScanner {
    /// Scans the string value at the current position (after whitespace). Nil when unsure: a
    /// raw control character, an unknown escape, a `\u` without four hex digits, a lone or
    /// reversed surrogate (all of which `JSONSerialization` rejects), or no closing quote.
    mutating func scanString() -> JSONString? {
        guard peek() == 0x22, let base = bytes.baseAddress else { return nil } // "
        let count = bytes.count
        let start = position + 1
        var index = start
        var escaped = false
        while true {
            // Eight bytes at a time, straight to the first quote, backslash or control character.
            if count - index >= 8 {
                var word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                #if _endian(big)
                word = word.byteSwapped // the first byte lowest, as on little-endian machines
                #endif
                let special = Self.specialBytes(word)
                if special == 0 {
                    index += 8
                    continue
                }
                index += special.trailingZeroBitCount >> 3
            }
            guard index < count else { return nil }
            let byte = bytes[index]
            if byte == 0x22 { // "
                position = index + 1
                return JSONString(start: start, end: index, escaped: escaped)
            }
            if byte == 0x5C { // \
                position = index
                guard skipEscape() else { return nil }
                index = position
                escaped = true
                continue
            }
            guard byte >= 0x20 else { return nil }
            index += 1
        }
    }

    /// The high bit of every byte of `word` (first byte lowest) that is `"`, `\` or below 0x20,
    /// by the classic "has zero byte" / "has byte less than" word tricks: the lowest bit set is
    /// always exactly the first such byte (bits above it may be set for other bytes too).
    static func specialBytes(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let quote = word ^ (ones &* 0x22)
        let backslash = word ^ (ones &* 0x5C)
        let control = (word &- ones &* 0x20) & ~word
        let quoteZero = (quote &- ones) & ~quote
        let backslashZero = (backslash &- ones) & ~backslash
        return (control | quoteZero | backslashZero) & highs
    }

    /// Skips the escape at the current position (a backslash).
    private mutating func skipEscape() -> Bool {
        let count = bytes.count
        guard count - position >= 2 else { return false }
        switch bytes[position + 1] {
        case 0x22, 0x5C, 0x2F, 0x62, 0x66, 0x6E, 0x72, 0x74: // " \ / b f n r t
            position += 2
            return true
        case 0x75: // u
            guard let unit = Self.hex4(bytes, at: position + 2) else { return false }
            position += 6
            if (0xDC00...0xDFFF).contains(unit) { return false }
            guard (0xD800...0xDBFF).contains(unit) else { return true }
            guard count - position >= 6, bytes[position] == 0x5C, bytes[position + 1] == 0x75,
                  let low = Self.hex4(bytes, at: position + 2), (0xDC00...0xDFFF).contains(low) else { return false }
            position += 6
            return true
        default:
            return false
        }
    }

    /// The four hex digits at `index` as a number; nil if there are fewer or one is not hex.
    static func hex4(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> UInt32? {
        guard index >= 0, bytes.count - index >= 4 else { return nil }
        var value: UInt32 = 0
        for offset in 0..<4 {
            let byte = bytes[index + offset]
            let digit: UInt8
            switch byte {
            case 0x30...0x39: digit = byte - 0x30 // 0-9
            case 0x61...0x66: digit = byte - 0x61 + 10 // a-f
            case 0x41...0x46: digit = byte - 0x41 + 10 // A-F
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// The text of a string this scanner returned, escapes decoded.
    func text(_ token: JSONString) -> String {
        let raw = UnsafeBufferPointer(rebasing: bytes[token.start..<token.end])
        guard token.escaped else { return String(decoding: raw, as: UTF8.self) }
        // Every escape is at least as long as the UTF-8 it stands for.
        return String(unsafeUninitializedCapacity: raw.count) { Self.unescape(raw, into: $0) }
    }

    /// True when the string has no escapes and its bytes are exactly `literal`; nil when it
    /// has escapes (unsure).
    func text(_ token: JSONString, is literal: StaticString) -> Bool? {
        guard !token.escaped else { return nil }
        return matches(token.start, token.end, literal)
    }

    /// Writes the UTF-8 of a scanned (so valid) string body with its escapes decoded; returns
    /// the bytes written. `out` must hold at least `raw.count` bytes.
    private static func unescape(_ raw: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var index = 0
        var written = 0
        func put(_ byte: UInt8) {
            guard written < out.count else { return }
            out[written] = byte
            written += 1
        }
        while index < raw.count {
            let byte = raw[index]
            guard byte == 0x5C, index + 1 < raw.count else { // \
                put(byte)
                index += 1
                continue
            }
            let kind = raw[index + 1]
            index += 2
            switch kind {
            case 0x62: put(0x08) // b
            case 0x66: put(0x0C) // f
            case 0x6E: put(0x0A) // n
            case 0x72: put(0x0D) // r
            case 0x74: put(0x09) // t
            case 0x75: // u
                var scalar = hex4(raw, at: index) ?? 0xFFFD
                index += 4
                if (0xD800...0xDBFF).contains(scalar), let low = hex4(raw, at: index + 2) {
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    index += 6
                }
                let encoded = Unicode.Scalar(scalar).map { UTF8.encode($0) } ?? UTF8.encode("\u{FFFD}")
                encoded?.forEach(put)
            default: put(kind)
            }
        }
        return written
    }
}
