import Testing
@testable import UI

@Suite struct CellBufferTests {
    @Test func writesAndClipsToRectangle() {
        var buffer = CellBuffer(size: Size(width: 10, height: 2))
        let end = buffer.write("hello world", x: 2, y: 0, style: .plain, clip: Rect(x: 0, y: 0, width: 8, height: 1))
        #expect(buffer.lines() == ["  hello", ""])
        #expect(end == 8)
        buffer.write("below", x: 0, y: 1, style: .plain, clip: Rect(x: 0, y: 0, width: 8, height: 1))
        #expect(buffer.lines()[1] == "")
    }

    @Test func wideGraphemesTakeTwoCellsWithAContinuation() {
        var buffer = CellBuffer(size: Size(width: 6, height: 1))
        let end = buffer.write("日本a", x: 0, y: 0, style: .plain)
        #expect(end == 5)
        #expect(buffer[0, 0].grapheme == "日" && buffer[1, 0].isContinuation)
        #expect(buffer[2, 0].grapheme == "本" && buffer[3, 0].isContinuation)
        #expect(buffer.lines() == ["日本a"])
    }

    @Test func aWideGraphemeThatDoesNotFitBecomesABlank() {
        var buffer = CellBuffer(size: Size(width: 5, height: 1))
        buffer.write("abcd日", x: 0, y: 0, style: .plain)
        #expect(buffer.lines() == ["abcd"])
        #expect(!buffer[4, 0].isContinuation)
    }

    @Test func overwritingHalfAWideGraphemeBlanksTheOtherHalf() {
        var buffer = CellBuffer(size: Size(width: 6, height: 1))
        buffer.write("日本", x: 0, y: 0, style: .plain)
        buffer.write("x", x: 1, y: 0, style: .plain)  // the continuation of 日
        #expect(buffer.lines() == [" x本"])
        buffer.write("y", x: 2, y: 0, style: .plain)  // the lead of 本
        #expect(buffer.lines() == [" xy"])
        #expect(!buffer[3, 0].isContinuation)
        buffer.write("語", x: 3, y: 0, style: .plain)
        buffer.write("z", x: 4, y: 0, style: .plain)
        #expect(buffer.lines() == [" xy z"])
    }

    @Test func emojiSequencesAndCombiningMarksStayWhole() {
        var buffer = CellBuffer(size: Size(width: 12, height: 1))
        buffer.write("e\u{301}👩‍💻🇯🇵x", x: 0, y: 0, style: .plain)
        #expect(buffer[0, 0].grapheme == "é")
        #expect(buffer[1, 0].grapheme == "👩‍💻" && buffer[2, 0].isContinuation)
        #expect(buffer[3, 0].grapheme == "🇯🇵" && buffer[4, 0].isContinuation)
        #expect(buffer[5, 0].grapheme == "x")
    }

    @Test func aLoneCombiningMarkIsDrawnOnADottedCircle() {
        var buffer = CellBuffer(size: Size(width: 4, height: 1))
        buffer.write("\u{301}a", x: 0, y: 0, style: .plain)
        #expect(buffer[0, 0].grapheme == "◌\u{301}")
        #expect(buffer[1, 0].grapheme == "a")
    }

    @Test func hostileTextIsInertInEveryCell() {
        var buffer = CellBuffer(size: Size(width: 60, height: 1))
        buffer.write("a\u{1B}[2Jb\u{1B}]52;c;eA==\u{07}\rX\u{8}\u{202E}evil\n", x: 0, y: 0, style: .plain)
        let text = buffer.lines()[0]
        #expect(text.hasPrefix("a␛[2Jb␛]52;c;eA==␇␍X␈⟨U+202E⟩evil␊"))
        for cell in buffer.cells {
            for scalar in cell.grapheme.unicodeScalars {
                #expect(scalar.value >= 0x20 && !(0x7F...0x9F).contains(scalar.value) && scalar.value != 0x202E)
            }
        }
    }

    @Test func fillAndRestyle() {
        var buffer = CellBuffer(size: Size(width: 4, height: 2))
        buffer.write("ab日", x: 0, y: 0, style: .plain)
        let bold = Style(attributes: .bold)
        buffer.restyle(Rect(x: 0, y: 0, width: 1, height: 1), with: bold)
        #expect(buffer[0, 0].style == bold && buffer[0, 0].grapheme == "a")
        buffer.fill(Rect(x: 0, y: 0, width: 3, height: 1), style: .plain)
        #expect(buffer.lines()[0] == "")
        #expect(!buffer[3, 0].isContinuation)
    }

    @Test func styleLookupFindsTheFirstCellOfAText() {
        var buffer = CellBuffer(size: Size(width: 20, height: 1))
        let red = Style(foreground: .ansi(1))
        buffer.write("日 Luna", x: 0, y: 0, style: .plain)
        buffer.write("Luna", x: 3, y: 0, style: red)
        #expect(buffer.style(of: "Luna") == red)
        #expect(buffer.style(of: "nothing") == nil)
    }
}
