import Core
import Testing
import UI

/// Switching views and slash commands through `update`: state and effects, no terminal.
@Suite struct CommandAndViewFlowTests {
    private func type(_ text: String, into state: inout AppState) -> [Effect] {
        text.flatMap { update(&state, .key(.char($0))) }
    }

    private func press(_ key: KeyEvent, _ state: inout AppState) -> [Effect] {
        update(&state, .key(key))
    }

    @Test func viewsSwitchWithTheirEffects() {
        var state = Fixtures.empty()
        _ = press(KeyEvent(.function(1)), &state)
        #expect(state.view == .help)
        _ = press(KeyEvent(.escape), &state)
        #expect(state.view == .studio)
        #expect(press(KeyEvent(.function(2)), &state) == [.loadSessions])
        #expect(state.view == .sessions && state.sessions.sessions == nil)
        _ = update(&state, .sessionsLoaded(Fixtures.sessions))
        _ = press(KeyEvent(.down), &state)
        #expect(press(KeyEvent(.enter), &state) == [.openSession(id: 2)])
        _ = update(&state, .sessionOpened(SessionSnapshot(id: 2, title: "Is fog a colour?", messages: Fixtures.threadMessages)))
        #expect(state.view == .studio && state.currentSession?.id == 2 && state.conversation.entries.count == 2)
        #expect(press(KeyEvent(.function(4)), &state) == [.loadSettings])
        _ = update(&state, .settingsLoaded(Fixtures.settings))
        _ = press(KeyEvent(.enter), &state)
        #expect(state.settings.picking == 0)
        _ = press(KeyEvent(.down), &state)
        #expect(press(KeyEvent(.enter), &state) == [.assign(role: "Luna", model: "ollama:qwen2.5")])
        #expect(state.settings.data?.assignments.first?.model == "ollama:qwen2.5")
        _ = update(&state, .key(KeyEvent(.function(3))))
        #expect(state.view == .search)
        _ = type("/search fog", into: &state)
        #expect(press(KeyEvent(.enter), &state) == [.search(query: "fog")])
        _ = update(&state, .searchResults(query: "fog", hits: Fixtures.hits))
        _ = press(KeyEvent(.down), &state)
        #expect(press(KeyEvent(.enter), &state) == [.openSearchHit(sessionID: 2, messageID: 9)])
    }

    @Test func slashCommandsBecomeEffects() {
        var state = Fixtures.empty()
        _ = type("/ask ollama:llama3.2 Name a colour", into: &state)
        #expect(press(KeyEvent(.enter), &state) == [.ask(model: "ollama:llama3.2", text: "Name a colour")])
        _ = type("/debate a, b,c  Why is fog grey?", into: &state)
        #expect(press(KeyEvent(.enter), &state) == [.debate(models: ["a", "b", "c"], text: "Why is fog grey?")])
        _ = type("/chorus monet,turner paint fog", into: &state)
        #expect(press(KeyEvent(.enter), &state) == [.chorus(artists: ["monet", "turner"], text: "paint fog")])
        _ = type("//not a command", into: &state)
        #expect(press(KeyEvent(.enter), &state) == [.sendMessage("/not a command")])
        _ = type("/assign luna=ollama:qwen2.5", into: &state)
        #expect(press(KeyEvent(.enter), &state) == [.assign(role: "Luna", model: "ollama:qwen2.5")])
        _ = type("/theme light", into: &state)
        #expect(press(KeyEvent(.enter), &state) == [.loadTheme(name: "light")])
        _ = type("/quit", into: &state)
        #expect(press(KeyEvent(.enter), &state) == [.quit])
    }

    @Test func badSlashCommandsShowAnInlineErrorAndKeepTheInput() {
        var state = Fixtures.empty()
        for (command, fragment) in [("/debate onlyone Why?", "at least two models"), ("/ask", "needs a model"),
                                    ("/ask model", "needs a message"), ("/frobnicate", "unknown command /frobnicate"),
                                    ("/assign nobody=x", "unknown role 'nobody'"), ("/debate a,a q", "listed twice"),
                                    ("/rename", "needs the new title"), ("/delete", "sessions list")] {
            state.input.clear()
            _ = type(command, into: &state)
            #expect(press(KeyEvent(.enter), &state).isEmpty, "\(command) has no effect")
            let last = state.conversation.entries.last
            #expect(last?.kind == .note(.error))
            #expect(last?.text.contains(fragment) == true, "\(command): \(last?.text ?? "")")
            if command != "/delete" { #expect(state.input.text == command, "the input is kept to fix it") }
        }
        #expect(render(state, Size(width: 80, height: 24)).text.contains("✗"))
    }

    @Test func deletingASessionNeedsTwoAsks() {
        var state = Fixtures.empty()
        _ = press(KeyEvent(.function(2)), &state)
        _ = update(&state, .sessionsLoaded(Fixtures.sessions))
        _ = type("/delete", into: &state)
        #expect(press(KeyEvent(.enter), &state).isEmpty)
        #expect(state.sessions.pendingDeleteID == 3)
        _ = type("/delete", into: &state)
        #expect(press(KeyEvent(.enter), &state) == [.deleteSession(id: 3)])
        _ = type("/rename Foggy harbour", into: &state)
        #expect(press(KeyEvent(.enter), &state) == [.renameSession(id: 3, title: "Foggy harbour")])
    }
}
