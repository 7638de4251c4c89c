import Core
import Testing

@Suite struct DisplayWidthTests {
    @Test(arguments: [
        ("a", 1), ("~", 1), ("é", 1), ("e\u{301}", 1), ("a\u{308}\u{304}", 1),
        ("中", 2), ("日", 2), ("한", 2), ("あ", 2), ("Ａ", 2), ("ｱ", 1), ("。", 2),
        ("\u{1100}\u{1161}\u{11A8}", 2),   // conjoining Hangul jamo: one syllable
        ("👍", 2), ("👍🏽", 2), ("👩\u{200D}💻", 2), ("👨\u{200D}👩\u{200D}👧", 2),
        ("🇯🇵", 2), ("1\u{FE0F}\u{20E3}", 2), ("❤\u{FE0F}", 2), ("❤", 1), ("☺\u{FE0E}", 1),
        ("\u{200B}", 0), ("\u{7}", 0), ("\u{301}", 0), ("𠀋", 2),
    ])
    func characterColumns(_ text: String, _ columns: Int) throws {
        let character = try #require(text.first)
        #expect(text.count == 1)
        #expect(DisplayWidth.columns(of: character) == columns)
    }

    @Test(arguments: [
        (0x41, 1), (0x0, 0), (0x1B, 0), (0x7F, 0), (0x85, 0), (0xE9, 1),
        (0x301, 0), (0x20E3, 0), (0x200D, 0), (0xFE0F, 0), (0xAD, 1),
        (0x4E2D, 2), (0x3000, 2), (0xFF01, 2), (0xFF71, 1), (0x1F44D, 2), (0x2764, 1),
        (0x1160, 0), (0x1100, 2), (0x20000, 2), (0x0915, 1), (0x0627, 1),
    ])
    func scalarColumnsMatchWcwidth(_ value: Int, _ columns: Int) throws {
        let scalar = try #require(Unicode.Scalar(UInt32(value)))
        #expect(DisplayWidth.columns(of: scalar) == columns)
    }

    @Test func stringColumnsSumGraphemes() {
        #expect(DisplayWidth.columns(of: "") == 0)
        #expect(DisplayWidth.columns(of: "hello") == 5)
        #expect(DisplayWidth.columns(of: "中文abc") == 7)
        #expect(DisplayWidth.columns(of: "a👩\u{200D}💻b") == 4)
        #expect(DisplayWidth.columns(of: "cafe\u{301}") == 4)
    }

    @Test func sanitizerMarksAreOneColumnPerCharacter() {
        let mark = TerminalSanitizer.sanitize("\u{202E}")
        #expect(DisplayWidth.columns(of: mark) == mark.count)
        #expect(DisplayWidth.columns(of: TerminalSanitizer.sanitize("\u{1B}\u{7}\r")) == 3)
    }
}
