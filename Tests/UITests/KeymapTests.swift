import Testing
import UI

@Suite struct KeymapTests {
    @Test func noKeyMeansTwoThingsInOneContext() {
        var seen = Set<String>()
        for binding in Keymap.standard.bindings {
            let key = "\(binding.action.context.rawValue) \(binding.key)"
            #expect(!seen.contains(key), "\(key) is bound twice")
            seen.insert(key)
        }
    }

    @Test func theHelpScreenListsEveryBoundActionFromTheTable() {
        var state = Fixtures.empty(Size(width: 120, height: 40))
        _ = update(&state, .key(KeyEvent(.function(1))))
        var text = ""
        for _ in 0..<5 {
            text += render(state, state.size).text
            _ = update(&state, .key(KeyEvent(.pageDown)))
        }
        for action in Action.allCases {
            #expect(text.contains(action.help.prefix(30)), "help misses \(action)")
        }
        for command in SlashCommand.catalog {
            #expect(text.contains(command.usage))
        }
    }

    @Test func footerHintsComeFromTheTable() throws {
        let keymap = try Keymap.standard.rebinding([(action: "quit", keys: ["ctrl+x"]), (action: "newline", keys: ["alt+n"])])
        var state = AppState(keymap: keymap)
        let footer = render(state, Size(width: 80, height: 24)).lines()[23]
        #expect(footer.contains("Ctrl+X quit") && footer.contains("Alt+N newline"))
        #expect(update(&state, .key(.ctrl("x"))) == [.quit])
        var other = AppState(keymap: keymap)
        #expect(update(&other, .key(.ctrl("q"))).isEmpty, "the old key is gone")
    }

    @Test func keyNamesParseAndPrint() {
        #expect(KeyEvent(name: "ctrl+c") == .ctrl("c"))
        #expect(KeyEvent(name: "Alt+Enter") == .alt(.enter))
        #expect(KeyEvent(name: "shift+tab") == KeyEvent(.tab, .shift))
        #expect(KeyEvent(name: "f12") == KeyEvent(.function(12)))
        #expect(KeyEvent(name: "pgup") == KeyEvent(.pageUp))
        #expect(KeyEvent(name: "ctrl++") == KeyEvent(.character("+"), .control))
        #expect(KeyEvent(name: "hyper+x") == nil)
        #expect(KeyEvent(name: "f99") == nil)
        #expect(KeyEvent(name: "") == nil)
        #expect(KeyEvent.ctrl("q").description == "Ctrl+Q")
        #expect(KeyEvent(.end, .control).description == "Ctrl+End")
    }

    @Test func rebindingRejectsUnknownNames() {
        #expect(throws: KeymapError.self) { try Keymap.standard.rebinding([(action: "fly", keys: ["f1"])]) }
        do {
            _ = try Keymap.standard.rebinding([(action: "quit", keys: ["ctrl+nothing"])])
        } catch {
            #expect(error.message.hasPrefix("unknown key 'ctrl+nothing' for quit"))
        }
    }
}
