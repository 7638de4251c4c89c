import Core

/// Turns the bytes of whole lines into `String`s, refusing invalid UTF-8 with a clear
/// `ProviderError(.malformed)` instead of replacing it. Stateless; callable from anywhere.
enum UTF8Decoding {
    /// Decodes `bytes`; `what` names the piece for the error ("line 12 of the stream").
    static func string(_ bytes: UnsafeBufferPointer<UInt8>, what: @autoclosure () -> String) throws -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        throw invalid(bytes, what: what())
    }

    /// Checks that `bytes` are valid UTF-8 without building a `String` (the same rules and the
    /// same error as `string(_:what:)`).
    static func validate(_ bytes: UnsafeBufferPointer<UInt8>, what: @autoclosure () -> String) throws {
        guard !isValid(bytes) else { return }
        throw invalid(bytes, what: what())
    }

    /// True when `bytes` are valid UTF-8 (what `String(validating:as:)` accepts), checked by the
    /// standard library's validator without allocating where it is available.
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        // ASCII bytes are whole characters: only the part from the first other byte needs
        // the full validator (a protocol's JSON is mostly ASCII around the model's text).
        let start = asciiPrefixLength(bytes)
        guard start < bytes.count else { return true }
        let rest = UnsafeBufferPointer(rebasing: bytes[start...])
        if #available(macOS 26, iOS 26, tvOS 26, watchOS 26, visionOS 26, *) {
            do {
                _ = try UTF8Span(validating: rest.span)
                return true
            } catch {
                return false
            }
        }
        return String(validating: rest, as: UTF8.self) != nil
    }

    /// How many bytes at the start are ASCII (below 0x80), found eight bytes at a time.
    static func asciiPrefixLength(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        let raw = UnsafeRawPointer(base)
        let count = bytes.count
        var index = 0
        while count - index >= 8 {
            var word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            #if _endian(big)
            word = word.byteSwapped // the first byte lowest, as on little-endian machines
            #endif
            let high = word & 0x8080_8080_8080_8080
            if high != 0 { return index + high.trailingZeroBitCount >> 3 }
            index += 8
        }
        while index < count, base[index] < 0x80 { index += 1 }
        return index
    }

    /// Decodes a whole array (used for buffers assembled over several lines).
    static func string(_ bytes: [UInt8], what: @autoclosure () -> String) throws -> String {
        try bytes.withUnsafeBufferPointer { try string($0, what: what()) }
    }

    /// The error for bytes known to be invalid: says where the first bad byte is and what it is.
    static func invalid(_ bytes: UnsafeBufferPointer<UInt8>, what: String) -> ProviderError {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar):
                offset += scalar.count
            case .error(let length):
                let shown = bytes[offset..<min(bytes.count, offset + max(length, 1))]
                    .map { "0x" + String($0, radix: 16, uppercase: true) }
                    .joined(separator: " ")
                return ProviderError(.malformed, "\(what) is not valid UTF-8: bad byte sequence \(shown) at byte \(offset)")
            case .emptyInput:
                return ProviderError(.malformed, "\(what) is not valid UTF-8")
            }
        }
    }
}
