import Testing
import UI

/// Model text that tries to drive the terminal must end up as visible, inert marks in the buffer.
@Suite struct HostileTextTests {
    static let hostile = [
        "clear\u{1B}[2J\u{1B}[H and title \u{1B}]0;pwned\u{07} link \u{1B}]8;;http://x\u{1B}\\y\u{1B}]8;;\u{1B}\\",
        " clip \u{1B}]52;c;ZXZpbA==\u{07} dcs \u{1B}P1$r\u{1B}\\ c1 \u{9B}31m",
        " cr: secret\rSAFE bs: abc\u{8}\u{8}\u{8}XYZ bidi: \u{202E}txt.exe\u{202C} tab:\tend",
    ]

    @Test func streamedHostileTextShowsVisibleMarks() {
        var state = Fixtures.empty(Size(width: 120, height: 40))
        _ = update(&state, .event(.messageStarted(id: 7, speaker: .model("evil"), model: nil, card: nil)))
        for piece in Self.hostile {
            // Split inside sequences, as a network would.
            let middle = piece.index(piece.startIndex, offsetBy: piece.count / 2)
            _ = update(&state, .event(.messageDelta(id: 7, text: String(piece[..<middle]))))
            _ = update(&state, .event(.messageDelta(id: 7, text: String(piece[middle...]))))
        }
        _ = update(&state, .event(.messageFinished(id: 7)))
        let screen = render(state, Size(width: 120, height: 40))
        let text = screen.text
        #expect(text.contains("␛[2J␛[H"))
        #expect(text.contains("␛]0;pwned␇"))
        #expect(text.contains("␛]52;c;ZXZpbA==␇"))
        #expect(text.contains("⟨U+009B⟩31m"))
        #expect(text.contains("secret␍SAFE"))
        #expect(text.contains("abc␈␈␈XYZ"))
        #expect(text.contains("⟨U+202E⟩txt.exe⟨U+202C⟩"))
        #expect(!text.contains("\t"))
        for cell in screen.cells {
            for scalar in cell.grapheme.unicodeScalars {
                let value = scalar.value
                #expect(value >= 0x20 && !(0x7F...0x9F).contains(value) && !(0x202A...0x202E).contains(value),
                        "control U+\(String(value, radix: 16)) reached a cell")
            }
        }
        Snapshot.check(screen, named: "hostile-text-120x40")
    }

    @Test func hostileCardErrorsTitlesAndServerDetailsAreInertToo() {
        var state = Fixtures.empty()
        _ = update(&state, .event(.cardChanged(CardUpdate(id: "c", group: "G\u{1B}[31m", title: "m\u{202E}x", stage: "s\n2",
                                                          status: .error, message: "bad\u{1B}]0;t\u{07}"))))
        _ = update(&state, .event(.serverChanged(ServerStatus(name: "o\u{7}", url: "http://\u{1B}[2J", state: .down, detail: "x\ry"))))
        _ = update(&state, .event(.messageStarted(id: 5, speaker: .model("llama\u{1B}]0;x\u{7}"), model: "m\u{1B}[1m", card: nil)))
        #expect(state.conversation.entries.last?.speaker == .model("llama␛]0;x␇"))
        #expect(state.conversation.entries.last?.model == "m␛[1m")
        let text = render(state, Size(width: 80, height: 24)).text
        #expect(text.contains("G␛[31m"))
        #expect(text.contains("m⟨U+202E⟩x"))
        #expect(text.contains("bad␛]0;t␇"))
        #expect(text.contains("http://␛[2J"))
        #expect(text.contains("x␍y"))
    }
}
