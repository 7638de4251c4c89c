import Core
import TestSupport

// Invariant checks of the `sanitizer` and `width` harnesses, compiled both into the libFuzzer
// harnesses by `Tests/Fuzz/build.sh` and into CoreTests by the replay tests.

/// The `sanitizer` harness: the payload, decoded as UTF-8 (invalid bytes become U+FFFD), is
/// sanitized whole, streamed in two pieces cut at the chosen scalar, and streamed one scalar
/// at a time. Every output piece is inert, all three give the same text, a finished
/// sanitizer starts afresh, and sanitizing twice changes nothing more.
enum SanitizerFuzzCheck {
    static func run(_ bytes: [UInt8]) -> FuzzFailures {
        let input = FuzzInput(bytes)
        var failures = FuzzFailures()
        let text = String(decoding: input.payload, as: UTF8.self)
        let scalars = Array(text.unicodeScalars)
        let whole = TerminalSanitizer.sanitize(text)
        failures.expect(TerminalSanitizer.isInert(whole), "the whole output is not inert: \(whole.debugDescription)")
        failures.expect(!whole.unicodeScalars.contains("\u{1B}"), "the whole output holds ESC")

        let cut = (input.choice(0) | input.choice(1) << 8) % (scalars.count + 1)
        let twoPieces = [string(scalars[0..<cut]), string(scalars[cut...])]
        let split = streamed(twoPieces, failures: &failures)
        failures.expect(Array(split.utf8) == Array(whole.utf8),
                        "cut at scalar \(cut): \(split.debugDescription) differs from whole \(whole.debugDescription)")
        let single = streamed(scalars.map { string([$0][...]) }, failures: &failures)
        failures.expect(Array(single.utf8) == Array(whole.utf8),
                        "one scalar at a time: \(single.debugDescription) differs from whole \(whole.debugDescription)")

        // `finish` resets: one sanitizer used for two streams gives each stream's own output.
        var reused = StreamingSanitizer()
        _ = reused.feed(string(scalars[0..<cut]))
        _ = reused.finish()
        let again = reused.feed(text) + reused.finish()
        failures.expect(Array(again.utf8) == Array(whole.utf8), "a sanitizer reused after finish gives \(again.debugDescription)")

        let twice = TerminalSanitizer.sanitize(whole)
        failures.expect(Array(twice.utf8) == Array(whole.utf8),
                        "sanitizing the output again changes it: \(whole.debugDescription) -> \(twice.debugDescription)")
        return failures
    }

    static func streamed(_ pieces: [String], failures: inout FuzzFailures) -> String {
        var sanitizer = StreamingSanitizer()
        var output = ""
        for piece in pieces {
            let part = sanitizer.feed(piece)
            failures.expect(TerminalSanitizer.isInert(part), "a streamed piece is not inert: \(part.debugDescription)")
            output += part
        }
        let tail = sanitizer.finish()
        failures.expect(TerminalSanitizer.isInert(tail), "the finishing piece is not inert: \(tail.debugDescription)")
        return output + tail
    }

    static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }
}

/// The `width` harness: text from the bytes as UTF-8, and text made of every three bytes as a
/// code point (so every plane is reached). A scalar is 0, 1 or 2 columns; a grapheme is at
/// least 0 and at most 2 per scalar; a string is the sum of its graphemes and never
/// negative; printable ASCII is its length; sanitized text is measured too.
/// (There is no wrap function in Sources/UI yet, so only widths are fuzzed.)
enum WidthFuzzCheck {
    static func run(_ bytes: [UInt8]) -> FuzzFailures {
        var failures = FuzzFailures()
        var view = String.UnicodeScalarView()
        var index = 0
        while index + 2 < bytes.count {
            let value = (UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])) % 0x110000
            if let scalar = Unicode.Scalar(value) { view.append(scalar) }
            index += 3
        }
        let decoded = String(decoding: bytes, as: UTF8.self)
        for text in [decoded, String(view)] {
            check(text, failures: &failures)
            check(TerminalSanitizer.sanitize(text), failures: &failures)
        }
        return failures
    }

    static func check(_ text: String, failures: inout FuzzFailures) {
        var sum = 0
        for character in text {
            let columns = DisplayWidth.columns(of: character)
            let scalarCount = character.unicodeScalars.count
            failures.expect(columns >= 0 && columns <= 2 * scalarCount,
                            "\(character.debugDescription) (\(scalarCount) scalars) is \(columns) columns")
            sum += columns
        }
        for scalar in text.unicodeScalars {
            let columns = DisplayWidth.columns(of: scalar)
            failures.expect((0...2).contains(columns), "U+\(String(scalar.value, radix: 16)) is \(columns) columns")
        }
        let total = DisplayWidth.columns(of: text)
        failures.expect(total >= 0, "\(text.debugDescription) is \(total) columns")
        failures.expect(total == sum, "\(text.debugDescription) is \(total) columns but its graphemes sum to \(sum)")
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
            failures.expect(total == text.utf8.count, "printable ASCII \(text.debugDescription) is \(total) columns")
        }
    }
}
