import Core
import Testing
import UI

/// The key flows through `update`: state and effects, no terminal.
@Suite struct UpdateFlowTests {
    private func type(_ text: String, into state: inout AppState) -> [Effect] {
        text.flatMap { update(&state, .key(.char($0))) }
    }

    private func press(_ key: KeyEvent, _ state: inout AppState) -> [Effect] {
        update(&state, .key(key))
    }

    @Test func sendingAPlainMessageStartsTheTeam() {
        var state = Fixtures.empty()
        #expect(type("hello team", into: &state).isEmpty)
        #expect(press(KeyEvent(.enter), &state) == [.sendMessage("hello team")])
        #expect(state.input.isEmpty)
        #expect(state.input.history == ["hello team"])
        #expect(state.conversation.entries.last?.speaker == .user)
        #expect(state.conversation.entries.last?.text == "hello team")
        #expect(press(KeyEvent(.enter), &state).isEmpty, "an empty input sends nothing")
    }

    @Test func enterWhileTheTeamTalksIsAnInterjection() {
        var state = Fixtures.empty()
        _ = update(&state, .event(.phaseChanged(.refinement)))
        _ = update(&state, .event(.messageStarted(id: 1, speaker: .specialist(.luna), model: "m", card: nil)))
        _ = update(&state, .event(.messageDelta(id: 1, text: "thinking")))
        #expect(state.isTeamTalking)
        _ = type("more fog", into: &state)
        #expect(press(KeyEvent(.enter), &state) == [.interject("more fog")])
        #expect(state.conversation.entries.last?.tag == "interjection")
        #expect(state.conversation.entries.contains { $0.messageID == 1 && $0.status == .streaming }, "the stream goes on")
        _ = update(&state, .event(.messageDelta(id: 1, text: " more")))
        #expect(state.conversation.entries.first { $0.messageID == 1 }?.text == "thinking more")
    }

    @Test func theInterruptKeyCancelsTheSpeakerOrClearsTheInput() {
        var state = Fixtures.empty()
        _ = update(&state, .event(.messageStarted(id: 1, speaker: .model("m"), model: nil, card: nil)))
        #expect(press(.ctrl("c"), &state) == [.cancelCurrentSpeaker])
        _ = update(&state, .event(.messageFailed(id: 1, error: "cancelled", interrupted: true)))
        #expect(state.conversation.entries.last?.status == .interrupted("cancelled"))
        _ = type("draft", into: &state)
        #expect(press(.ctrl("c"), &state).isEmpty)
        #expect(state.input.isEmpty)
        #expect(press(.ctrl("c"), &state).isEmpty)
        #expect(state.status.flash?.contains("Ctrl+Q") == true)
        #expect(press(.ctrl("q"), &state) == [.quit])
        #expect(state.isQuitting)
    }

    @Test func detailsOpenWithALoadEffectFollowLiveAndCloseWithARelease() {
        var state = Fixtures.debate()
        #expect(press(KeyEvent(.tab), &state).isEmpty)
        #expect(state.focus == .board)
        _ = press(KeyEvent(.down), &state)
        #expect(state.board.selectedCardID == "ollama:qwen2.5/initial")
        #expect(press(KeyEvent(.enter), &state) == [.loadThread(cardID: "ollama:qwen2.5/initial")])
        #expect(state.details?.phase == .loading)
        _ = update(&state, .threadLoaded(cardID: "ollama:qwen2.5/initial", messages: Fixtures.threadMessages))
        #expect(state.details?.phase == .loaded)
        #expect(state.details?.entries.count == 2)
        // A live message of that card streams into the open pane.
        _ = update(&state, .event(.messageStarted(id: 30, speaker: .model("ollama:qwen2.5"), model: nil, card: "ollama:qwen2.5/initial")))
        _ = update(&state, .event(.messageDelta(id: 30, text: "live words")))
        #expect(state.details?.entries.last?.text == "live words")
        #expect(render(state, Size(width: 80, height: 24)).text.contains("live words"))
        #expect(press(KeyEvent(.escape), &state) == [.releaseThread(cardID: "ollama:qwen2.5/initial")])
        #expect(state.details == nil)
        _ = update(&state, .threadLoaded(cardID: "ollama:qwen2.5/initial", messages: Fixtures.threadMessages))
        #expect(state.details == nil, "a late thread for a closed pane is dropped")
        #expect(press(KeyEvent(.escape), &state).isEmpty)
        #expect(state.focus == .input)
    }

    @Test func detailsStitchTheStoredThreadToDeltasThatArrivedWhileLoading() {
        var state = Fixtures.debate()
        _ = update(&state, .event(.messageStarted(id: 40, speaker: .model("ollama:qwen2.5"), model: nil, card: "ollama:qwen2.5/debate")))
        _ = update(&state, .event(.messageDelta(id: 40, text: "one ")))
        _ = press(KeyEvent(.tab), &state)
        _ = press(KeyEvent(.end), &state)
        #expect(state.board.selectedCardID == "ollama:qwen2.5/debate")
        #expect(press(KeyEvent(.enter), &state) == [.loadThread(cardID: "ollama:qwen2.5/debate")])
        _ = update(&state, .event(.messageDelta(id: 40, text: "two ")))    // bytes 4..<8, while loading
        _ = update(&state, .event(.messageDelta(id: 40, text: "three ")))  // bytes 8..<14
        // The store had written "one tw" (6 bytes) when the thread was read.
        _ = update(&state, .threadLoaded(cardID: "ollama:qwen2.5/debate",
                                         messages: [ThreadMessage(id: 40, speaker: .model("ollama:qwen2.5"), text: "one tw", status: .streaming)]))
        #expect(state.details?.entries.first?.text == "one two three ")
        _ = update(&state, .event(.messageDelta(id: 40, text: "four")))
        _ = update(&state, .event(.messageFinished(id: 40)))
        #expect(state.details?.entries.first?.text == "one two three four")
        #expect(state.details?.entries.first?.status == .complete)
    }

    @Test func theDebateSectionAppearsOnceEveryRunHasLeftInitial() {
        var state = Fixtures.empty()
        func card(_ id: String, _ stage: String, _ status: CardStatus) -> AppMessage {
            .event(.cardChanged(CardUpdate(id: id + "/" + stage, group: "Debate", title: id, stage: stage, status: status)))
        }
        _ = update(&state, card("a", "initial", .running))
        _ = update(&state, card("b", "initial", .running))
        _ = update(&state, card("a", "initial", .done))
        _ = update(&state, card("a", "debate", .running))
        #expect(state.board.sections.map(\.stage) == ["initial"])
        #expect(!render(state, Size(width: 80, height: 24)).text.contains(" debate"))
        _ = update(&state, card("b", "initial", .error))
        #expect(state.board.sections.map(\.stage) == ["initial", "debate"])
        _ = update(&state, .event(.summaryChanged(.failed("master model unreachable"))))
        let text = render(state, Size(width: 80, height: 24)).text
        #expect(text.contains(" debate") && text.contains("✗ master model"))
    }

    @Test func editingKeysReachTheInput() {
        var state = Fixtures.empty()
        _ = type("one two", into: &state)
        _ = press(.alt(.character("b")), &state)
        _ = type("x", into: &state)
        #expect(state.input.text == "one xtwo")
        _ = press(KeyEvent(.end), &state)
        _ = press(.ctrl("j"), &state)
        _ = type("line", into: &state)
        _ = press(.alt(.enter), &state)
        _ = update(&state, .paste("pasted\nblock"))
        #expect(state.input.text == "one xtwo\nline\npasted\nblock")
        #expect(press(KeyEvent(.enter), &state) == [.sendMessage("one xtwo\nline\npasted\nblock")])
        _ = press(KeyEvent(.up), &state)
        #expect(state.input.text == "one xtwo\nline\npasted\nblock")
        _ = press(.ctrl("u"), &state)
        #expect(state.input.text == "one xtwo\nline\npasted\n")
    }

    @Test func anAnswerToAQuestionIsTagged() {
        var state = Fixtures.empty()
        _ = update(&state, .event(.question("Keep the lighthouse?")))
        #expect(state.pendingQuestion == "Keep the lighthouse?")
        _ = type("yes", into: &state)
        #expect(press(KeyEvent(.enter), &state) == [.sendMessage("yes")])
        #expect(state.conversation.entries.last?.tag == "answer")
        #expect(state.pendingQuestion == nil)
    }

    @Test func aServerGoingDownIsSaidOnceInTheConversation() {
        var state = Fixtures.empty()
        let down = ServerStatus(name: "ollama", url: "http://127.0.0.1:11434", state: .down, detail: "connection refused; run `ollama serve`")
        _ = update(&state, .event(.serverChanged(down)))
        _ = update(&state, .event(.serverChanged(down)))
        #expect(state.conversation.entries.count == 1)
        #expect(state.conversation.entries[0].text.contains("http://127.0.0.1:11434 is unreachable: connection refused"))
        _ = update(&state, .event(.serverChanged(ServerStatus(name: "ollama", url: "http://127.0.0.1:11434", state: .up))))
        #expect(state.conversation.entries.count == 2)
        #expect(render(state, Size(width: 80, height: 24)).lines()[22].contains("● ollama"))
    }

    @Test func signalsQuitLikeTheQuitKey() {
        var state = Fixtures.empty()
        #expect(update(&state, .terminate(signal: 15)) == [.quit])
        #expect(state.isQuitting)
    }
}
