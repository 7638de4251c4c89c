import Testing
import UI

@Suite struct ResizeAndScrollTests {
    private static func longConversation() -> AppState {
        var state = Fixtures.empty()
        for id in 1...12 {
            _ = update(&state, .event(.messageStarted(id: Int64(id), speaker: .specialist(.luna), model: nil, card: nil)))
            _ = update(&state, .event(.messageDelta(id: Int64(id), text: "Message \(id): " + String(repeating: "fog and light ", count: 6))))
            _ = update(&state, .event(.messageFinished(id: Int64(id))))
        }
        return state
    }

    @Test func aResizeReflowsEveryPane() {
        var state = Self.longConversation()
        let narrow = render(state, Size(width: 80, height: 24))
        #expect(narrow.lines().allSatisfy { CellWidth.of($0) <= 80 })
        _ = update(&state, .resize(Size(width: 120, height: 40)))
        #expect(state.size == Size(width: 120, height: 40))
        let wide = render(state, state.size)
        #expect(wide.size == Size(width: 120, height: 40))
        #expect(wide.text.contains("Message 12: fog and light fog and light fog and light fog and light"))
        #expect(!narrow.text.contains("Message 12: fog and light fog and light fog and light fog and light"))
        #expect(wide.lines()[39].contains("Enter send"))
        _ = update(&state, .resize(Size(width: 100, height: 30)))
        let middle = render(state, state.size)
        #expect(middle.lines()[29].contains("Enter send"))
        #expect(middle.lines()[0].contains("Conversation") && middle.lines()[0].contains("Board"))
    }

    @Test func scrollingBackStaysPutWhileTextStreamsAndPageDownFollowsAgain() {
        var state = Self.longConversation()
        _ = update(&state, .key(KeyEvent(.pageUp)))
        #expect(state.conversation.scrollBack > 0)
        let before = render(state, state.size).lines()
        _ = update(&state, .event(.messageStarted(id: 99, speaker: .specialist(.frame), model: nil, card: nil)))
        _ = update(&state, .event(.messageDelta(id: 99, text: String(repeating: "streaming words ", count: 20))))
        let after = render(state, state.size).lines()
        let conversationColumns = { (line: String) in String(line.prefix(54)) }
        #expect(before[1...18].map(conversationColumns) == after[1...18].map(conversationColumns), "the scrolled view does not move")
        for _ in 0..<20 { _ = update(&state, .key(KeyEvent(.pageDown))) }
        #expect(state.conversation.scrollBack == 0)
        #expect(render(state, state.size).text.contains("streaming words"))
        _ = update(&state, .key(KeyEvent(.pageUp)))
        _ = update(&state, .key(.ctrl("q")))
        #expect(state.isQuitting)
    }

    @Test func pageUpStopsAtTheTop() {
        var state = Self.longConversation()
        for _ in 0..<50 { _ = update(&state, .key(KeyEvent(.pageUp))) }
        let text = render(state, state.size).text
        #expect(text.contains("Message 1:"))
        let top = state.conversation.scrollBack
        _ = update(&state, .key(KeyEvent(.pageUp)))
        #expect(state.conversation.scrollBack == top)
    }

    @Test func smallTerminalsDegradeWithoutLosingTheInput() {
        var state = Fixtures.team()
        for size in [Size(width: 30, height: 8), Size(width: 59, height: 12), Size(width: 200, height: 60), Size(width: 1, height: 1), Size(width: 0, height: 0)] {
            _ = update(&state, .resize(size))
            let buffer = render(state, size)
            #expect(buffer.size == size)
            if size.width >= 30 && size.height >= 8 { #expect(buffer.text.contains("›")) }
        }
    }
}
