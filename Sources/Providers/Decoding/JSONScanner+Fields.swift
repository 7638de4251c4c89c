import Foundation

/// Readers for one field's value, in the shape the fast paths use: the value goes into an
/// optional (nil for JSON `null`), and the result says whether the scanner was sure. A value
/// of another type than the one asked for is "unsure" too (the slow path decides what it means).
extension JSONScanner {
    /// A string or null into `field`; false when unsure. A string holding a raw U+FEFF is
    /// unsure: `JSONSerialization` drops one at the start of the string and after each escape.
    mutating func read(into field: inout JSONString?) -> Bool {
        switch peek() {
        case 0x22: // "
            guard let token = scanString(), !holdsByteOrderMark(token) else { return false }
            field = token
            return true
        case 0x6E: // n
            field = nil
            return null()
        default:
            return false
        }
    }

    /// A plain integer or null into `field`; false when unsure.
    mutating func read(into field: inout Int?) -> Bool {
        let byte = peek()
        if byte == 0x6E { // n
            field = nil
            return null()
        }
        guard byte == 0x2D || byte &- 0x30 < 10, let value = integer() else { return false } // - 0-9
        field = value
        return true
    }

    /// `true`, `false` or null into `field`; false when unsure. A number (which `as? Bool`
    /// may read as a Bool) is unsure.
    mutating func read(into field: inout Bool?) -> Bool {
        switch peek() {
        case 0x74: // t
            field = true
            return literal("true")
        case 0x66: // f
            field = false
            return literal("false")
        case 0x6E: // n
            field = nil
            return null()
        default:
            return false
        }
    }

    /// True when the string's raw bytes contain EF BB BF (U+FEFF, which also serves as a BOM).
    func holdsByteOrderMark(_ token: JSONString) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        var start = token.start
        while token.end - start >= 3, let found = memchr(base + start, 0xEF, token.end - 2 - start) {
            let index = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found))
            if bytes[index + 1] == 0xBB, bytes[index + 2] == 0xBF { return true }
            start = index + 1
        }
        return false
    }

    /// An object or null: true and `isObject` set when the next value is `{` (consumed),
    /// true after consuming a null, false when unsure.
    mutating func enterObjectOrNull(_ isObject: inout Bool) -> Bool {
        switch peek() {
        case 0x7B: // {
            position += 1
            isObject = true
            return true
        case 0x6E: // n
            return null()
        default:
            return false
        }
    }
}

/// Which of an object's keys of interest were met, so a repeated one (where the slow path
/// would keep the last) sends the text to the slow path. A plain value.
struct KeysSeen {
    private var bits: UInt32 = 0

    /// True the first time `key` (0 to 31) is met.
    mutating func first(_ key: UInt32) -> Bool {
        let bit: UInt32 = 1 << (key & 31)
        let fresh = bits & bit == 0
        bits |= bit
        return fresh
    }
}
