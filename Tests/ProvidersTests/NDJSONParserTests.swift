import Core
import Testing
@testable import Providers

@Suite struct NDJSONParserTests {
    @Test func yieldsEachNonBlankLine() throws {
        #expect(try ndjsonLines([bytes("{\"a\":1}\n\n  \n{\"b\":2}\r\n")]) == ["{\"a\":1}", "{\"b\":2}"])
    }

    @Test func finishYieldsAnUnterminatedLastLine() throws {
        var parser = NDJSONParser()
        #expect(try parser.feed(bytes("{\"a\":1}\n{\"b\"")) == ["{\"a\":1}"])
        #expect(try parser.feed(bytes(":2}")) == [])
        #expect(try parser.finish() == ["{\"b\":2}"])
    }

    @Test func crIsNotATerminator() throws {
        #expect(try ndjsonLines([bytes("a\rb\n")]) == ["a\rb"])
    }

    @Test func aBOMAtStreamStartIsSkipped() throws {
        #expect(try ndjsonLines([bytes("\u{FEFF}{}\n")]) == ["{}"])
    }

    @Test func invalidUTF8NamesTheLine() throws {
        do {
            _ = try ndjsonLines([bytes("{}\n{\"x\":\"") + [0xFF] + bytes("\"}\n")])
            Issue.record("invalid UTF-8 was accepted")
        } catch let error as ProviderError {
            #expect(error.kind == .malformed)
            #expect(error.message.contains("line 2"))
            #expect(error.message.contains("0xFF"))
        }
    }

    @Test func theLineCapApplies() throws {
        var parser = NDJSONParser(maxLineBytes: 4)
        #expect(try parser.feed(bytes("1234\n")) == ["1234"])
        #expect(throws: ProviderError.self) { try parser.feed(bytes("12345")) }
    }
}
