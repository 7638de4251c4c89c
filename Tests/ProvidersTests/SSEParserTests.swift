import Core
import Testing
@testable import Providers

/// The WHATWG event-stream interpretation rules.
@Suite struct SSEParserTests {
    @Test func severalDataLinesJoinWithNewline() throws {
        #expect(try sseEvents("data: a\ndata: b\ndata:\n\n") == [SSEEvent(data: "a\nb\n")])
    }

    @Test func commentsAreIgnored() throws {
        let events = try sseEvents(": OPENROUTER PROCESSING\n\n:ping\ndata: x\n: mid\n\n")
        #expect(events == [SSEEvent(data: "x")])
    }

    @Test func onlyOneSpaceAfterTheColonIsDropped() throws {
        #expect(try sseEvents("data:x\n\ndata:  y\n\n") == [SSEEvent(data: "x"), SSEEvent(data: " y")])
    }

    @Test func eventFieldNamesTheTypeAndMessageIsTheDefault() throws {
        let events = try sseEvents("event: content_block_delta\ndata: 1\n\ndata: 2\n\n")
        #expect(events == [SSEEvent(type: "content_block_delta", data: "1"), SSEEvent(type: "message", data: "2")])
    }

    @Test func anEventWithoutDataIsNotDispatchedAndResetsItsType() throws {
        #expect(try sseEvents("event: ping\n\ndata: after\n\n") == [SSEEvent(data: "after")])
    }

    @Test func aFieldWithoutColonHasAnEmptyValue() throws {
        #expect(try sseEvents("data\n\n") == [SSEEvent(data: "")])
    }

    @Test func unknownFieldsAreIgnored() throws {
        #expect(try sseEvents("foo: bar\ndata: x\nDATA: y\n\n") == [SSEEvent(data: "x")])
    }

    @Test func anEventCutByEndOfStreamIsDropped() throws {
        #expect(try sseEvents("data: one\n\ndata: two\n") == [SSEEvent(data: "one")])
        #expect(try sseEvents("data: one\n\ndata: two") == [SSEEvent(data: "one")])
    }

    @Test func crOnlyLineEndingsWork() throws {
        #expect(try sseEvents("event: e\rdata: a\rdata: b\r\rdata: c\r\r") ==
                [SSEEvent(type: "e", data: "a\nb"), SSEEvent(data: "c")])
    }

    @Test func crlfLineEndingsWork() throws {
        #expect(try sseEvents("data: a\r\n\r\ndata: b\r\n\r\n") == [SSEEvent(data: "a"), SSEEvent(data: "b")])
    }

    @Test func idIsRememberedAndIdWithNulIsIgnored() throws {
        let events = try sseEvents("id: 7\ndata: a\n\ndata: b\n\nid: x\u{0}y\ndata: c\n\nid\ndata: d\n\n")
        #expect(events.map(\.lastEventID) == ["7", "7", "7", ""])
    }

    @Test func retryTakesOnlyDigits() throws {
        var parser = SSEParser()
        _ = try parser.feed(bytes("retry: 3000\n"))
        #expect(parser.reconnectionTime == 3000)
        _ = try parser.feed(bytes("retry: soon\nretry: 12a\nretry:\n"))
        #expect(parser.reconnectionTime == 3000)
    }

    @Test func aBOMAtStreamStartIsSkippedButNotLater() throws {
        #expect(try sseEvents("\u{FEFF}data: a\n\n") == [SSEEvent(data: "a")])
        #expect(try sseEvents("data: \u{FEFF}a\n\n") == [SSEEvent(data: "\u{FEFF}a")])
        // A BOM split across chunks is still skipped.
        let stream = bytes("\u{FEFF}data: a\n\n")
        #expect(try sseEvents(split(stream, at: [1, 2])) == [SSEEvent(data: "a")])
    }

    @Test func invalidUTF8IsAClearMalformedError() throws {
        do {
            _ = try sseEvents([bytes("data: ok\n\ndata: caf") + [0xC3, 0x28] + bytes("\n\n")])
            Issue.record("invalid UTF-8 was accepted")
        } catch let error as ProviderError {
            #expect(error.kind == .malformed)
            #expect(error.message.contains("not valid UTF-8"))
            #expect(error.message.contains("0xC3"))
            #expect(error.message.contains("byte 3"))
        }
    }

    @Test func aTruncatedMultibyteSequenceAtLineEndIsInvalid() throws {
        #expect(throws: ProviderError.self) { try sseEvents([bytes("data: ") + [0xF0, 0x9F, 0x99] + bytes("\n\n")]) }
    }

    @Test func invalidUTF8InACommentIsIgnored() throws {
        #expect(try sseEvents([bytes(": ") + [0xFF] + bytes("\ndata: a\n\n")]) == [SSEEvent(data: "a")])
    }

    @Test func theLineCapApplies() throws {
        #expect(try sseEvents([bytes("data: 1234567890\n\n")], maxLineBytes: 16) == [SSEEvent(data: "1234567890")])
        #expect(throws: ProviderError.self) { try sseEvents([bytes("data: 12345678901\n\n")], maxLineBytes: 16) }
    }
}
