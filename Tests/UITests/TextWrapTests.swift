import Testing
@testable import UI

@Suite struct TextWrapTests {
    @Test func wrapsAtSpacesAndDropsTheBreakingSpace() {
        #expect(TextWrap.wrap("the quick brown fox", width: 10) == ["the quick", "brown fox"])
        #expect(TextWrap.wrap("aaaa bbbb", width: 4) == ["aaaa", "bbbb"])
    }

    @Test func hardBreaksALongWord() {
        #expect(TextWrap.wrap("abcdefghij", width: 4) == ["abcd", "efgh", "ij"])
    }

    @Test func keepsParagraphsAndBlankLines() {
        #expect(TextWrap.wrap("one\n\ntwo", width: 10) == ["one", "", "two"])
        #expect(TextWrap.wrap("", width: 10) == [""])
        #expect(TextWrap.wrap("  indented", width: 20) == ["  indented"])
    }

    @Test func cjkBreaksBetweenIdeographsByCells() {
        let lines = TextWrap.wrap("雨の京都は美しい", width: 7)
        #expect(lines == ["雨の京", "都は美", "しい"])
        #expect(lines.allSatisfy { CellWidth.of($0) <= 7 })
        #expect(TextWrap.wrap("see 京都 now", width: 6) == ["see 京", "都 now"])
    }

    @Test func combiningMarksStayWithTheirBase() {
        let text = "cafe\u{301} cafe\u{301} cafe\u{301}"
        let lines = TextWrap.wrap(text, width: 5)
        #expect(lines == ["café", "café", "café"])
        #expect(lines.joined(separator: " ").unicodeScalars.count == text.unicodeScalars.count)
    }

    @Test func emojiSequencesAreNeverSplit() {
        let text = "👩‍💻👩‍💻👩‍💻 🇯🇵🇯🇵"
        let lines = TextWrap.wrap(text, width: 5)
        #expect(lines == ["👩‍💻👩‍💻", "👩‍💻 🇯🇵", "🇯🇵"])
        #expect(lines.allSatisfy { CellWidth.of($0) <= 5 })
    }

    @Test func aWideGraphemeInAOneCellColumnGetsItsOwnLine() {
        #expect(TextWrap.wrap("日本", width: 1) == ["日", "本"])
        #expect(TextWrap.wrap("x", width: 0) == [])
    }

    @Test(arguments: [5, 8, 13, 21, 40])
    func everyLineFitsAndNothingIsLost(width: Int) {
        let text = "Soft Turner-like light 雨の京都 👩‍💻 e\u{301}clair over grey-blue water, loose brushwork; a verylongwordthatmustbreak."
        let lines = TextWrap.wrap(text, width: width)
        #expect(lines.allSatisfy { CellWidth.of($0) <= width })
        #expect(lines.joined().filter { $0 != " " } == text.filter { $0 != " " })
    }
}
