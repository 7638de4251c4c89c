import Testing
import UI

@Suite struct LineEditorTests {
    @Test func movesAndDeletesWholeGraphemes() {
        var editor = LineEditor(text: "a👩‍💻é日")
        #expect(editor.characters.count == 4)
        editor.moveLeft()
        editor.moveLeft()
        editor.deleteBackward()
        #expect(editor.text == "aé日")
        editor.deleteForward()
        #expect(editor.text == "a日")
        #expect(editor.cursor == 1)
    }

    @Test func aCombiningMarkTypedAfterItsBaseJoinsIt() {
        var editor = LineEditor()
        editor.insert("e")
        editor.insert("\u{301}")
        #expect(editor.characters == ["é"])
        #expect(editor.cursor == 1)
        editor.insert("x")
        #expect(editor.text == "éx" && editor.cursor == 2)
    }

    @Test func insertsInTheMiddle() {
        var editor = LineEditor(text: "helo")
        editor.moveLeft()
        editor.insert("l")
        #expect(editor.text == "hello" && editor.cursor == 4)
    }

    @Test func wordJumps() {
        var editor = LineEditor(text: "one two, three")
        editor.moveWordLeft()
        #expect(editor.cursor == 9)
        editor.moveWordLeft()
        #expect(editor.cursor == 4)
        editor.moveWordRight()
        #expect(editor.cursor == 7)
        editor.deleteWordBackward()
        #expect(editor.text == "one , three" && editor.cursor == 4)
        editor.deleteWordForward()
        #expect(editor.text == "one ")
        editor.moveLineStart()
        editor.deleteWordForward()
        #expect(editor.text == " ")
    }

    @Test func killToEndAndStartWorkOnTheCaretLine() {
        var editor = LineEditor(text: "first\nsecond line")
        editor.moveWordLeft()
        editor.killToEnd()
        #expect(editor.text == "first\nsecond ")
        editor.killToStart()
        #expect(editor.text == "first\n")
    }

    @Test func multiLineUpAndDownKeepTheColumn() {
        var editor = LineEditor(text: "abcdef\nxy\nlonger line")
        #expect(editor.cursorLineAndColumn == (2, 11))
        let step1 = editor.moveUp()
        #expect(step1)
        #expect(editor.cursorLineAndColumn == (1, 2))
        let step2 = editor.moveUp()
        #expect(step2)
        #expect(editor.cursorLineAndColumn == (0, 2))
        let step3 = editor.moveUp()
        #expect(!step3)
        let step4 = editor.moveDown()
        #expect(step4)
        let step5 = editor.moveDown()
        #expect(step5)
        let step6 = editor.moveDown()
        #expect(!step6)
        #expect(editor.lines.count == 3)
    }

    @Test func historyKeepsTheDraft() {
        var editor = LineEditor()
        editor.insert("first")
        #expect(editor.commit() == "first")
        editor.insert("second")
        _ = editor.commit()
        editor.insert("draft")
        let step7 = editor.historyPrevious()
        #expect(step7)
        #expect(editor.text == "second")
        let step8 = editor.historyPrevious()
        #expect(step8)
        #expect(editor.text == "first")
        let step9 = editor.historyPrevious()
        #expect(!step9)
        let step10 = editor.historyNext()
        #expect(step10)
        let step11 = editor.historyNext()
        #expect(step11)
        #expect(editor.text == "draft")
        let step12 = editor.historyNext()
        #expect(!step12)
        _ = editor.commit()
        editor.insert("draft")
        _ = editor.commit()
        #expect(editor.history == ["first", "second", "draft"])
    }

    @Test func pasteIsCleaned() {
        var editor = LineEditor()
        editor.insert("a\r\nb\rc\td\u{1B}[31m\u{7}\u{202E}e\u{9B}")
        #expect(editor.text == "a\nb\nc    d[31me")
    }
}
