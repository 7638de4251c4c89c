import Core

/// Turns the bytes of whole lines into `String`s, refusing invalid UTF-8 with a clear
/// `ProviderError(.malformed)` instead of replacing it. Stateless; callable from anywhere.
enum UTF8Decoding {
    /// Decodes `bytes`; `what` names the piece for the error ("line 12 of the stream").
    static func string(_ bytes: UnsafeBufferPointer<UInt8>, what: @autoclosure () -> String) throws -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        throw invalid(bytes, what: what())
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
