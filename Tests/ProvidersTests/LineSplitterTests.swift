import Core
import Testing
@testable import Providers

@Suite struct LineSplitterTests {
    @Test func anyNewlineEndsLinesOnCRLFAndCRLF() throws {
        var splitter = LineSplitter(mode: .anyNewline)
        let lines = try splitter.feed(bytes("a\nb\rc\r\nd\r\re"))
        #expect(lines == [bytes("a"), bytes("b"), bytes("c"), bytes("d"), []])
        #expect(try splitter.finish() == bytes("e"))
    }

    @Test func crAtEndOfChunkAndLFAtStartOfNextAreOneTerminator() throws {
        var splitter = LineSplitter(mode: .anyNewline)
        #expect(try splitter.feed(bytes("a\r")) == [bytes("a")])
        #expect(try splitter.feed([]) == [])
        #expect(try splitter.feed(bytes("\nb\n")) == [bytes("b")])
        #expect(try splitter.finish() == nil)
    }

    @Test func crThenOtherByteStartsANewLine() throws {
        var splitter = LineSplitter(mode: .anyNewline)
        #expect(try splitter.feed(bytes("a\r")) == [bytes("a")])
        #expect(try splitter.feed(bytes("\r\n")) == [[]])
    }

    @Test func lineFeedModeStripsOneTrailingCROnly() throws {
        var splitter = LineSplitter(mode: .lineFeed)
        #expect(try splitter.feed(bytes("a\r\nb\rc\nd\r\r\n")) == [bytes("a"), bytes("b\rc"), bytes("d\r")])
        #expect(try splitter.feed(bytes("x\r")) == [])
        #expect(try splitter.feed(bytes("\n")) == [bytes("x")])
    }

    @Test func linesStraddlingChunksAreJoined() throws {
        var splitter = LineSplitter(mode: .lineFeed)
        #expect(try splitter.feed(bytes("hel")) == [])
        #expect(try splitter.feed(bytes("lo wor")) == [])
        #expect(try splitter.feed(bytes("ld\nnext")) == [bytes("hello world")])
        #expect(splitter.linesCompleted == 1)
    }

    @Test func aLineAtTheCapPassesAndOneByteMoreThrows() throws {
        var splitter = LineSplitter(mode: .lineFeed, maxLineBytes: 8)
        #expect(try splitter.feed(bytes("12345678\n")) == [bytes("12345678")])
        #expect(throws: ProviderError.self) { try splitter.feed(bytes("123456789\n")) }
    }

    @Test func theDefaultCapIsOneMebibyteAndIsEnforcedBeforeTheLineEnds() throws {
        var splitter = LineSplitter(mode: .anyNewline)
        let block = [UInt8](repeating: UInt8(ascii: "a"), count: 64 * 1024)
        for _ in 0..<16 { #expect(try splitter.feed(block) == []) }
        do {
            _ = try splitter.feed([UInt8(ascii: "a")])
            Issue.record("a line over 1 MiB was accepted")
        } catch let error as ProviderError {
            #expect(error.kind == .malformed)
            #expect(error.message.hasPrefix("a line of the stream is longer than 1 MiB"))
        }
        // The splitter stays failed.
        #expect(throws: ProviderError.self) { try splitter.feed(bytes("\n")) }
        #expect(throws: ProviderError.self) { try splitter.finish() }
    }

    @Test func describesCaps() {
        #expect(LineSplitter.describe(bytes: 1 << 20) == "1 MiB")
        #expect(LineSplitter.describe(bytes: 64 << 10) == "64 KiB")
        #expect(LineSplitter.describe(bytes: 100) == "100 bytes")
    }
}
