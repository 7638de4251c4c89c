import Foundation
import Testing
@testable import Providers

/// `JSONScanner` against `JSONSerialization` directly: whatever the scanner accepts,
/// `JSONSerialization` accepts and reads the same way (strings to the byte, integers to the
/// value); whatever `JSONSerialization` rejects, the scanner is unsure of.
@Suite struct FastPathScannerTests {
    /// What `JSONSerialization` makes of `{"a":<value>}`: nil if it rejects the text.
    static func reference(_ text: [UInt8]) -> Any?? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text), options: [.fragmentsAllowed]),
              let dictionary = object as? [String: Any] else { return nil }
        return .some(dictionary["a"])
    }

    /// Scans `{"a":<value>}` with `read` for the value; nil when unsure.
    static func scan<T>(_ text: [UInt8], _ read: (inout JSONScanner) -> T?) -> T? {
        text.withUnsafeBufferPointer { buffer in
            var scanner = JSONScanner(buffer)
            guard scanner.enterObject(), case .member = scanner.nextKey(first: true), scanner.key(is: "a"),
                  let value = read(&scanner), case .end = scanner.nextKey(first: false), scanner.atEnd() else { return nil }
            return value
        }
    }

    @Test func stringsReadExactlyAsJSONSerializationReadsThem() async {
        var corpus = FastPathCorpus(seed: 0x5791, whitespace: [" "])
        corpus.invalidPerMille = 150
        var read = 0
        var accepted = 0
        var failures = 0
        for round in 0..<20_000 {
            await breathe(round, every: 500)
            let text = Array(("{\"a\":\"" + corpus.stringBody(maxPieces: 8) + "\"}").utf8)
            let fast: [UInt8]? = Self.scan(text) { scanner in
                var token: JSONScanner.JSONString?
                guard scanner.read(into: &token), let token else { return nil }
                return Array(scanner.text(token).utf8)
            }
            let slow = Self.reference(text)
            if slow != nil { accepted += 1 }
            guard let fast else { continue }
            read += 1
            guard let slow, let string = slow as? String, fast == Array(string.utf8) else {
                failures += 1
                if failures <= 5 {
                    let message = "the scanner read \(String(decoding: text, as: UTF8.self).debugDescription) as "
                        + "\(String(decoding: fast, as: UTF8.self).debugDescription), JSONSerialization as \(String(describing: slow))"
                    Issue.record(Comment(rawValue: message))
                }
                continue
            }
        }
        #expect(failures == 0)
        // Only strings with a raw U+FEFF are left to the slow path among the valid ones.
        #expect(read > accepted * 3 / 4, "read \(read) of \(accepted)")
        #expect(accepted < 20_000, "the corpus must hold invalid strings too")
    }

    @Test func numbersAreSkippedOrReadOnlyWhenJSONSerializationAgrees() async {
        var random = FastPathCorpus.Generator(state: 77)
        let alphabet = Array("-0123456789.eE+".utf8)
        var integers = 0
        for round in 0..<20_000 {
            await breathe(round, every: 500)
            var number: [UInt8] = []
            for _ in 0..<Int.random(in: 1...(round % 10 == 0 ? 40 : 8), using: &random) {
                number.append(round % 3 == 0 ? alphabet[Int.random(in: 0..<alphabet.count, using: &random)]
                                             : UInt8(ascii: "0") + UInt8.random(in: 0...9, using: &random))
            }
            let text = Array("{\"a\":".utf8) + number + Array("}".utf8)
            let slow = Self.reference(text)
            let skipped: Bool? = Self.scan(text) { $0.skipValue() ? true : nil }
            if skipped != nil {
                #expect(slow != nil, "skipped \(String(decoding: number, as: UTF8.self)), JSONSerialization rejects it")
            }
            let integer: Int? = Self.scan(text) { scanner in
                var value: Int?
                return scanner.read(into: &value) ? value : nil
            }
            guard let integer else { continue }
            integers += 1
            #expect(slow.flatMap { $0 as? Int } == integer, "\(String(decoding: number, as: UTF8.self))")
        }
        #expect(integers > 5000)
    }

    @Test func randomStructuresAreAcceptedOnlyWhenValid() async {
        var random = FastPathCorpus.Generator(state: 99)
        let tokens = ["{", "}", "[", "]", ",", ":", "\"a\"", "\"b\"", "1", "-2.5", "null", "true", "false", " ", "\"\\u00e9\"", "01", "\"\\x\""]
        var accepted = 0
        for round in 0..<30_000 {
            await breathe(round, every: 500)
            var text = "{\"a\":"
            for _ in 0..<Int.random(in: 1...12, using: &random) { text += tokens[Int.random(in: 0..<tokens.count, using: &random)] }
            text += "}"
            let bytes = Array(text.utf8)
            guard Self.scan(bytes, { $0.skipValue() ? true : nil }) != nil else { continue }
            accepted += 1
            #expect(Self.reference(bytes) != nil, "accepted \(text)")
        }
        #expect(accepted > 1000)
    }

    @Test func theFirstSpecialByteIsFoundExactly() async {
        var random = FastPathCorpus.Generator(state: 3)
        for round in 0..<50_000 {
            await breathe(round, every: 1000)
            var bytes = (0..<8).map { _ in UInt8.random(in: 0x20...0xFF, using: &random) }
            if round % 2 == 0 { bytes[Int.random(in: 0..<8, using: &random)] = UInt8.random(in: 0...0xFF, using: &random) }
            let word = UInt64(littleEndian: bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) })
            let first = bytes.firstIndex { $0 == 0x22 || $0 == 0x5C || $0 < 0x20 }
            let special = JSONScanner.specialBytes(word)
            #expect((special == 0 ? nil : special.trailingZeroBitCount >> 3) == first, "\(bytes)")
        }
    }

    @Test func utf8ValidationMatchesTheStandardLibrary() async {
        var random = FastPathCorpus.Generator(state: 8)
        let interesting: [UInt8] = [0x00, 0x41, 0x7F, 0x80, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xA0, 0xED, 0x9F,
                                    0xEF, 0xBB, 0xF0, 0x90, 0xF4, 0x8F, 0xF5, 0xFF]
        for round in 0..<30_000 {
            await breathe(round, every: 1000)
            let bytes = (0..<Int.random(in: 0...12, using: &random)).map { _ in
                interesting[Int.random(in: 0..<interesting.count, using: &random)]
            }
            let expected = String(validating: bytes, as: UTF8.self) != nil
            #expect(bytes.withUnsafeBufferPointer { UTF8Decoding.isValid($0) } == expected, "\(bytes)")
        }
    }

    @Test func knownQuirksAreLeftToTheSlowPath() {
        let unsure = [
            "{\"a\":\"\u{FEFF}x\"}",        // JSONSerialization drops a leading U+FEFF
            "{\"a\":\"\\n\u{FEFF}x\"}",     // ... and one after an escape
            "{\"a\":\"\\ud800\"}",          // a lone surrogate is an error there
            "{\"a\":\"\\udc00\\ud800\"}",
            "{\"a\":1.0}",                  // `as? Int` reads 1
            "{\"a\":1,}",                   // a trailing comma is accepted there
            "{\"a\":12345678901234567890}",
        ]
        for text in unsure {
            let value: Bool? = Self.scan(Array(text.utf8)) { scanner in
                var token: JSONScanner.JSONString?
                var number: Int?
                let start = scanner.position
                if scanner.read(into: &token) { return true }
                scanner.position = start
                return scanner.read(into: &number) ? true : nil
            }
            #expect(value == nil, "\(text.debugDescription)")
        }
    }
}
