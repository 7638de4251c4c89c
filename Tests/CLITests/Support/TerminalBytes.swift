/// The check of suite 2: bytes Atelier wrote to a terminal must be inert. Precisely, they
/// must be valid UTF-8 (so no lone 0x80–0x9F byte a terminal could take as a C1 control)
/// and hold no ESC, no other C0 control but LF (no BEL, CR, BS, TAB, NUL…), no DEL, no C1
/// control as a code point (U+0080–U+009F), no bidirectional control, and no invisible
/// character (zero-width, word joiner, BOM, soft hyphen, tag characters) — those must be
/// shown as visible marks. Pure; any thread.
enum TerminalBytes {
    /// Every problem found, as short descriptions with the offset; empty when inert.
    static func problems(_ bytes: [UInt8], limit: Int = 8) -> [String] {
        var found: [String] = []
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        var offset = 0
        loop: while found.count < limit {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                if let reason = problem(scalar) { found.append("\(reason) at scalar \(offset)") }
                offset += 1
            case .emptyInput:
                break loop
            case .error:
                found.append("invalid UTF-8 at scalar \(offset)")
                offset += 1
            }
        }
        return found
    }

    /// Why one scalar must not reach a terminal as is, or nil.
    static func problem(_ scalar: Unicode.Scalar) -> String? {
        let value = scalar.value
        switch value {
        case 0x1B: return "ESC"
        case 0x0A: return nil
        case 0x00..<0x20: return "C0 control 0x\(String(value, radix: 16))"
        case 0x7F: return "DEL"
        case 0x80...0x9F: return "C1 control U+00\(String(value, radix: 16, uppercase: true))"
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return "bidi control U+\(String(value, radix: 16, uppercase: true))"
        case 0x00AD, 0x200B, 0x2060...0x2064, 0xFEFF, 0xE0000...0xE007F:
            return "invisible U+\(String(value, radix: 16, uppercase: true))"
        default: return nil
        }
    }
}
