import Testing
import UI

/// Where the caret lands with wide characters, sideways scrolling, and focus.
@Suite struct InputViewTests {
    @Test func theCaretCountsCellsNotCharacters() {
        var state = Fixtures.empty()
        state.input.insert("日本語 ok")
        let buffer = render(state, state.size)
        #expect(buffer.cursor == Position(x: 2 + 9, y: 21))
        state.input.moveWordLeft()
        #expect(render(state, state.size).cursor == Position(x: 2 + 7, y: 21))
    }

    @Test func aLongLineScrollsSidewaysToKeepTheCaretInView() {
        var state = Fixtures.empty()
        let long = (0..<30).map { "word\($0)" }.joined(separator: " ")
        state.input.insert(long)
        let buffer = render(state, state.size)
        let row = buffer.lines()[21]
        #expect(row.hasPrefix("›‹"))
        #expect(row.hasSuffix("word29"))
        #expect(buffer.cursor == Position(x: 79, y: 21))
        state.input.moveLineStart()
        let start = render(state, state.size)
        #expect(start.lines()[21].hasPrefix("› word0 word1"))
        #expect(start.lines()[21].hasSuffix("›"), "more text to the right is marked")
        #expect(start.cursor == Position(x: 2, y: 21))
    }

    @Test func theCaretHidesWhileTheBoardHasFocus() {
        var state = Fixtures.debate()
        _ = update(&state, .key(KeyEvent(.tab)))
        #expect(render(state, state.size).cursor == nil)
        _ = update(&state, .key(.char("a")))
        #expect(state.focus == .input, "typing returns to the input")
        #expect(state.input.text == "a")
        #expect(render(state, state.size).cursor == Position(x: 3, y: 21))
    }

    @Test func theInputGrowsForMultiLineMessagesUpToALimit() {
        var state = Fixtures.empty()
        state.input.insert("1\n2\n3\n4\n5\n6\n7\n8")
        let buffer = render(state, state.size)
        // 24 rows: at most 6 input lines (rows 16-21, lines 3-8); the caret's line is visible.
        #expect(buffer.lines()[21].hasPrefix("  8"))
        #expect(buffer.lines()[16].hasPrefix("  3"))
        #expect(buffer.lines()[15].contains("8 lines"))
        #expect(buffer.cursor == Position(x: 3, y: 21))
    }
}
