import Foundation

/// A forward-only reader over the UTF-8 bytes of one JSON text, for the few shapes the
/// decoders read on every token (the fast path; `JSONSerialization` stays the slow path).
///
/// Invariant: it accepts only a strict subset of what `JSONSerialization` accepts, and reads
/// every value it accepts exactly as `JSONSerialization` would. Whatever it is not sure of —
/// bad syntax, a truncated text, a trailing comma, nesting deeper than `maxDepth`, a number
/// with a long exponent or too many digits, an invalid escape or lone surrogate, a raw control
/// character, a key with an escape or a non-ASCII byte — makes a method return false / nil /
/// `.unsure`; the caller then decodes the text with `JSONSerialization`, so behaviour is
/// identical by construction. The bytes must be valid UTF-8 (the framing checked them) and
/// stay valid while the scanner and the `JSONString`s it returned are used. Nothing here
/// allocates except `text(_:)`, for strings longer than 15 bytes. Bytes are written as hex
/// literals (with the character in a comment) so a debug build does not call `UInt8(ascii:)`.
///
/// A short-lived value used by one decoder call on one thread.
struct JSONScanner {
    /// The bytes of a string value between its quotes, and whether they hold escapes.
    struct JSONString {
        var start: Int
        var end: Int
        var escaped: Bool
    }

    /// Where an object's or array's members stand.
    enum Step {
        /// A member follows: for an object its key is in `key(is:)` and `:` was consumed.
        case member
        /// The closing bracket was consumed.
        case end
        case unsure
    }

    /// Deeper objects or arrays are left to `JSONSerialization` (whose own limit is 512).
    static let maxDepth = 32

    let bytes: UnsafeBufferPointer<UInt8>
    /// The index of the next byte to read.
    var position = 0
    /// The bytes of the last key `nextKey` returned (ASCII, no escapes).
    private var keyStart = 0
    private var keyEnd = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    // MARK: Structure

    /// The next byte after JSON whitespace (space, tab, LF, CR), not consumed; 0 at the end
    /// (a raw 0 byte is never valid JSON outside a string, so it reads as "unsure" either way).
    @inline(__always)
    mutating func peek() -> UInt8 {
        let count = bytes.count
        while position < count {
            let byte = bytes[position]
            guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { return byte }
            position += 1
        }
        return 0
    }

    /// True when nothing but whitespace is left (the end of the top-level value).
    mutating func atEnd() -> Bool {
        _ = peek()
        return position == bytes.count
    }

    /// Consumes `{`.
    mutating func enterObject() -> Bool {
        guard peek() == 0x7B else { return false } // {
        position += 1
        return true
    }

    /// Consumes `[`.
    mutating func enterArray() -> Bool {
        guard peek() == 0x5B else { return false } // [
        position += 1
        return true
    }

    /// The next member of an object: `first` right after `{`, else after a member's value.
    /// A trailing comma (which `JSONSerialization` accepts) is `.unsure`.
    mutating func nextKey(first: Bool) -> Step {
        var byte = peek()
        if byte == 0x7D { // }
            position += 1
            return .end
        }
        if !first {
            guard byte == 0x2C else { return .unsure } // ,
            position += 1
            byte = peek()
        }
        guard byte == 0x22 else { return .unsure } // "
        position += 1
        let start = position
        let count = bytes.count
        while position < count {
            // Eight bytes at a time to the first quote, backslash, control or non-ASCII byte.
            if count - position >= 8, let base = bytes.baseAddress {
                var word = UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self)
                #if _endian(big)
                word = word.byteSwapped // the first byte lowest, as on little-endian machines
                #endif
                let stop = Self.specialBytes(word) | (word & 0x8080_8080_8080_8080)
                if stop == 0 {
                    position += 8
                    continue
                }
                position += stop.trailingZeroBitCount >> 3
            }
            let byte = bytes[position]
            if byte == 0x22 { break }
            guard byte >= 0x20, byte < 0x80, byte != 0x5C else { return .unsure } // no escapes, ASCII only
            position += 1
        }
        guard position < count else { return .unsure }
        keyStart = start
        keyEnd = position
        position += 1
        guard peek() == 0x3A else { return .unsure } // :
        position += 1
        return .member
    }

    /// The next element of an array: `first` right after `[`, else after an element.
    mutating func nextElement(first: Bool) -> Step {
        let byte = peek()
        if byte == 0x5D { // ]
            position += 1
            return .end
        }
        if !first {
            guard byte == 0x2C else { return .unsure } // ,
            position += 1
            let next = peek()
            guard next != 0x5D, next != 0 else { return .unsure } // a trailing comma
        }
        return .member
    }

    /// True when the last key's bytes are exactly `literal`.
    func key(is literal: StaticString) -> Bool {
        matches(keyStart, keyEnd, literal)
    }

    func matches(_ start: Int, _ end: Int, _ literal: StaticString) -> Bool {
        let length = end - start
        guard length == literal.utf8CodeUnitCount, let base = bytes.baseAddress else { return false }
        return memcmp(base + start, literal.utf8Start, length) == 0
    }

    // MARK: Values

    /// Consumes the literal `null`.
    mutating func null() -> Bool {
        literal("null")
    }

    /// Skips any value, checking its syntax. False when unsure.
    mutating func skipValue(depth: Int = 1) -> Bool {
        switch peek() {
        case 0x22: // "
            return scanString() != nil
        case 0x7B: // {
            guard depth < Self.maxDepth else { return false }
            position += 1
            var step = nextKey(first: true)
            while case .member = step {
                guard skipValue(depth: depth + 1) else { return false }
                step = nextKey(first: false)
            }
            if case .end = step { return true }
            return false
        case 0x5B: // [
            guard depth < Self.maxDepth else { return false }
            position += 1
            var step = nextElement(first: true)
            while case .member = step {
                guard skipValue(depth: depth + 1) else { return false }
                step = nextElement(first: false)
            }
            if case .end = step { return true }
            return false
        case 0x74: return literal("true")
        case 0x66: return literal("false")
        case 0x6E: return literal("null")
        default: return skipNumber()
        }
    }

    /// Reads a plain integer of at most 18 digits at the current position. A fraction or an
    /// exponent (which `as? Int` may or may not accept) and longer numbers are unsure (nil).
    mutating func integer() -> Int? {
        let count = bytes.count
        var negative = false
        if position < count, bytes[position] == 0x2D { // -
            negative = true
            position += 1
        }
        let start = position
        var value = 0
        while position < count, position - start < 19 {
            let digit = bytes[position] &- 0x30
            guard digit < 10 else { break }
            value = value &* 10 &+ Int(digit)
            position += 1
        }
        let digits = position - start
        guard digits > 0, digits <= 18, digits == 1 || bytes[start] != 0x30 else { return nil }
        if position < count {
            let next = bytes[position]
            guard next != 0x2E, next | 0x20 != 0x65 else { return nil } // . e E
        }
        return negative ? -value : value
    }

    /// Skips `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?` with at most 20 integer digits,
    /// 100 fraction digits and 2 exponent digits (so the value is finite: `JSONSerialization`
    /// rejects numbers beyond Double's range).
    private mutating func skipNumber() -> Bool {
        let count = bytes.count
        if position < count, bytes[position] == 0x2D { position += 1 } // -
        let integerDigits = skipDigits()
        guard integerDigits > 0, integerDigits <= 20 else { return false }
        if integerDigits > 1, bytes[position - integerDigits] == 0x30 { return false } // a leading 0
        if position < count, bytes[position] == 0x2E { // .
            position += 1
            let fraction = skipDigits()
            guard fraction > 0, fraction <= 100 else { return false }
        }
        if position < count, bytes[position] | 0x20 == 0x65 { // e E
            position += 1
            if position < count, bytes[position] == 0x2B || bytes[position] == 0x2D { position += 1 } // + -
            let exponent = skipDigits()
            guard exponent > 0, exponent <= 2 else { return false }
        }
        return true
    }

    private mutating func skipDigits() -> Int {
        let start = position
        let count = bytes.count
        while position < count, bytes[position] &- 0x30 < 10 { position += 1 }
        return position - start
    }

    mutating func literal(_ word: StaticString) -> Bool {
        let length = word.utf8CodeUnitCount
        guard bytes.count - position >= length, let base = bytes.baseAddress,
              memcmp(base + position, word.utf8Start, length) == 0 else { return false }
        position += length
        return true
    }
}
