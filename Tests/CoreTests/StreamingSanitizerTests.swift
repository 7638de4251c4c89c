import Core
import Foundation
import Testing

@Suite struct StreamingSanitizerTests {
    /// Texts holding every class of sequence and every held-back state.
    static let samples: [String] = [
        "a\u{1B}[2Jb\u{1B}]8;;https://x.example\u{1B}\\link\u{1B}]8;;\u{1B}\\ end",
        "\u{1B}]52;c;cm0gLXJmIH4=\u{07}\u{1B}P1$r\u{1B}\\\u{1B}_G\u{1B}\\\u{1B}^p\u{1B}\\\u{1B}Xs\u{1B}\\",
        "crlf\r\nlone\rcr\r\r\n\u{9B}31m\u{9D}t\u{9C}",
        "tab\tafter 中\tx\n\ty\u{8}\u{7F}",
        "👩\u{200D}💻 and 👩\u{200D}a and क्\u{200D}ष and می\u{200C}خ",
        "🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F} 🏴\u{E0067}x \u{202E}rtl\u{202C}",
        "❤\u{FE0F}\u{FE0F} \u{FEFF}\u{200B}\u{2066}i\u{2069} \u{E0068}i",
    ]

    /// Splits a text between two Unicode scalars (which may fall inside a grapheme).
    private func split(_ text: String, at index: Int) -> (String, String) {
        let scalars = Array(text.unicodeScalars)
        var head = String.UnicodeScalarView()
        head.append(contentsOf: scalars[..<index])
        var tail = String.UnicodeScalarView()
        tail.append(contentsOf: scalars[index...])
        return (String(head), String(tail))
    }

    private func streamed(_ chunks: [String]) -> String {
        var sanitizer = StreamingSanitizer()
        var output = ""
        for chunk in chunks { output += sanitizer.feed(chunk) }
        return output + sanitizer.finish()
    }

    @Test(arguments: samples)
    func splittingAtEveryScalarGivesTheSameResult(_ text: String) {
        let whole = TerminalSanitizer.sanitize(text)
        #expect(TerminalSanitizer.isInert(whole))
        for index in 0...text.unicodeScalars.count {
            let (head, tail) = split(text, at: index)
            let output = streamed([head, tail])
            #expect(output == whole, "split at scalar \(index)")
        }
    }

    @Test(arguments: samples)
    func oneScalarPerChunkGivesTheSameResult(_ text: String) {
        let chunks = text.unicodeScalars.map { String(Character($0)) }
        #expect(streamed(chunks) == TerminalSanitizer.sanitize(text))
    }

    @Test func splitEscapeIsCaughtInEveryChunk() {
        var sanitizer = StreamingSanitizer()
        let first = sanitizer.feed("before \u{1B}")
        let second = sanitizer.feed("[2J after")
        #expect(first == "before ␛")
        #expect(second == "[2J after")
        #expect(sanitizer.finish() == "")
    }

    @Test func heldBackStateIsReleasedByTheNextChunkOrFinish() {
        var sanitizer = StreamingSanitizer()
        #expect(sanitizer.feed("50%\r") == "50%")
        #expect(sanitizer.feed("\n") == "\n")
        #expect(sanitizer.feed("done\r") == "done")
        #expect(sanitizer.finish() == "␍")
        #expect(sanitizer.feed("👩\u{200D}") == "👩")
        #expect(sanitizer.feed("💻") == "\u{200D}💻")
    }

    @Test func finishResetsTheTabColumn() {
        var sanitizer = StreamingSanitizer()
        #expect(sanitizer.feed("abc") == "abc")
        #expect(sanitizer.feed("\tx") == "     x")
        _ = sanitizer.finish()
        #expect(sanitizer.feed("\tx") == "        x")
    }

    @Test func randomTextStaysInertAndSplitsAgree() {
        let alphabet: [String] = ["a", "Z", " ", "\n", "\r", "\t", "\u{1B}", "[", "]", "\\", "\u{7}", "\u{8}",
                                  "\u{7F}", "\u{9B}", "\u{9C}", "\u{202E}", "\u{200D}", "\u{200C}", "\u{FE0F}",
                                  "👩", "💻", "🏴", "\u{E0067}", "\u{E007F}", "中", "\u{301}", "क", "\u{FEFF}"]
        var generator = SplitMix(seed: 20261121)
        for _ in 0..<300 {
            let length = Int(generator.next() % 40)
            let text = (0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }.joined()
            let whole = TerminalSanitizer.sanitize(text)
            #expect(TerminalSanitizer.isInert(whole), "\(Array(text.unicodeScalars))")
            let cut = Int(generator.next() % UInt64(text.unicodeScalars.count + 1))
            let (head, tail) = split(text, at: cut)
            #expect(streamed([head, tail]) == whole)
        }
    }

    @Test func oneMegabyteOfEscapeIsLinear() {
        let chunk = String(repeating: "\u{1B}", count: 64 * 1024)
        let clock = ContinuousClock()
        var sanitizer = StreamingSanitizer()
        var scalars = 0
        let elapsed = clock.measure {
            for _ in 0..<16 {
                let output = sanitizer.feed(chunk)
                scalars += output.unicodeScalars.count
                #expect(!output.unicodeScalars.contains("\u{1B}"))
            }
            scalars += sanitizer.finish().unicodeScalars.count
        }
        #expect(scalars == 16 * 64 * 1024)
        #expect(elapsed < .seconds(20))
    }

    @Test func oneMegabyteUnterminatedSequenceIsLinear() {
        let text = "\u{1B}]52;c;" + String(repeating: "QUFB", count: 256 * 1024)
        let clock = ContinuousClock()
        var output = ""
        let elapsed = clock.measure { output = TerminalSanitizer.sanitize(text) }
        #expect(output.hasPrefix("␛]52;c;QUFB"))
        #expect(output.utf8.count == text.utf8.count + 2)
        #expect(elapsed < .seconds(20))
    }
}

/// A small deterministic generator so random tests repeat exactly.
struct SplitMix {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
