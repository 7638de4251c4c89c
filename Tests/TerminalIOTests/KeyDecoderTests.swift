import Testing
import TerminalIO
import UI

@Suite struct KeyDecoderTests {
    private func keys(_ text: String) -> [RawKey] { text.unicodeScalars.map { .scalar($0.value) } }

    @Test func controlBytesAreChords() {
        var decoder = KeyDecoder()
        let decoded = decoder.decode([.scalar(3), .scalar(13), .scalar(10), .scalar(127), .scalar(8), .scalar(9), .scalar(17), .scalar(0)])
        #expect(decoded == [.key(.ctrl("c")), .key(KeyEvent(.enter)), .key(.ctrl("j")), .key(KeyEvent(.backspace)),
                            .key(KeyEvent(.backspace)), .key(KeyEvent(.tab)), .key(.ctrl("q")), .key(KeyEvent(.character(" "), .control))])
    }

    @Test func escapeBeforeAKeyIsAlt() {
        var decoder = KeyDecoder()
        #expect(decoder.decode([.scalar(27), .scalar(98)]) == [.key(.alt(.character("b")))])
        #expect(decoder.decode([.scalar(27), .scalar(13)]) == [.key(.alt(.enter))])
        #expect(decoder.decode([.scalar(27), .key(.left, [])]) == [.key(.alt(.left))])
        #expect(decoder.decode([.scalar(27)]) == [.key(KeyEvent(.escape))])
        #expect(decoder.decode([.scalar(27), .scalar(27)]) == [.key(KeyEvent(.escape)), .key(KeyEvent(.escape))])
    }

    @Test func extendedNamesCarryModifiers() {
        var decoder = KeyDecoder()
        #expect(decoder.decode([.extended("kLFT5"), .extended("kRIT3"), .extended("kUP2"), .extended("kEND5"), .extended("kDN7")])
                == [.key(KeyEvent(.left, .control)), .key(.alt(.right)), .key(KeyEvent(.up, .shift)),
                    .key(KeyEvent(.end, .control)), .key(KeyEvent(.down, [.control, .alt]))])
        #expect(decoder.decode([.extended("kFOO"), .extended("kLFT9")]).isEmpty)
    }

    @Test func textAndC1() {
        var decoder = KeyDecoder()
        #expect(decoder.decode([.scalar(0x4E2D), .scalar(0x9B), .scalar(0xE9)]) == [.key(.char("中")), .key(.char("é"))])
        #expect(decoder.decode([.scalar(0xD800)]).isEmpty)
    }

    @Test func bracketedPasteSpansReads() {
        var decoder = KeyDecoder()
        #expect(decoder.decode([.pasteStart] + keys("line one\r")).isEmpty)
        #expect(decoder.isPasting)
        #expect(decoder.decode(keys("line\u{1B}two") + [.pasteEnd, .scalar(13)]) == [.paste("line one\nline\u{1B}two"), .key(KeyEvent(.enter))])
        #expect(!decoder.isPasting)
    }

    @Test func anUnfinishedPasteIsDeliveredAfterSilence() {
        var decoder = KeyDecoder()
        _ = decoder.decode([.pasteStart] + keys("abc"))
        for _ in 1..<KeyDecoder.pasteIdleReads { #expect(decoder.idle().isEmpty) }
        #expect(decoder.idle() == [.paste("abc")])
        #expect(decoder.idle().isEmpty)
    }

    @Test func aBurstWithTextAfterALineBreakIsAPaste() {
        var decoder = KeyDecoder()
        #expect(decoder.decode(keys("first\rsecond")) == [.paste("first\nsecond")])
        let typed = decoder.decode(keys("hello\r"))
        #expect(typed.count == 6, "typing then Enter stays keys, so Enter sends")
        #expect(typed.last == .key(KeyEvent(.enter)))
        #expect(decoder.decode(keys("a\rb")).count == 3, "too short to be a paste")
        #expect(decoder.decode([.scalar(3)] + keys("ab\rcd")).count == 6, "a chord in the burst means typing")
    }

    @Test func resizeIsPassedThrough() {
        var decoder = KeyDecoder()
        #expect(decoder.decode([.resize(Size(width: 100, height: 30))]) == [.resize(Size(width: 100, height: 30))])
    }
}
