import Foundation
import Testing
import TerminalIO
import UI

/// The real ncurses adapter on a pseudo-terminal (tig's headless trick): modes are restored
/// exactly, typed bytes decode to keys, bracketed paste works, and a whole studio run draws.
/// Serialized: ncurses keeps process-wide state, so one screen at a time.
@Suite(.serialized) struct CursesTerminalTests {
    static func configuration(_ pty: PseudoTerminal, term: String = "xterm-256color") -> CursesTerminal.Configuration {
        CursesTerminal.Configuration(inputDescriptor: pty.terminal, outputDescriptor: pty.terminal, terminalType: term,
                                     environment: ["TERM": term, "LANG": "C.UTF-8"])
    }

    /// The terminal modes as bytes (what `stty -g` shows).
    static func modes(_ descriptor: Int32) -> [UInt8] {
        var settings = termios()
        _ = tcgetattr(descriptor, &settings)
        return withUnsafeBytes(of: &settings) { Array($0) }
    }

    /// Reads until `condition` holds for the decoded input, at most 5 s.
    static func read(_ terminal: CursesTerminal, until condition: ([TerminalInput]) -> Bool) -> [TerminalInput] {
        var inputs: [TerminalInput] = []
        let deadline = ContinuousClock.now + .seconds(5)
        while !condition(inputs) && ContinuousClock.now < deadline {
            inputs += terminal.readInput(timeoutMilliseconds: 50)
        }
        return inputs
    }

    @Test func startAndStopLeaveTheModesExactlyAsTheyWere() throws {
        let pty = try PseudoTerminal()
        defer { pty.close() }
        let before = Self.modes(pty.terminal)
        let terminal = CursesTerminal(configuration: Self.configuration(pty))
        let info = try terminal.start()
        #expect(info.size == Size(width: 80, height: 24))
        #expect(info.colorSupport == .many)
        #expect(info.bracketedPaste)
        #expect(Self.modes(pty.terminal) != before, "raw mode is on while running")
        terminal.stop()
        terminal.stop()
        #expect(Self.modes(pty.terminal) == before)
    }

    @Test func typedBytesBecomeKeys() throws {
        let pty = try PseudoTerminal()
        defer { pty.close() }
        let terminal = CursesTerminal(configuration: Self.configuration(pty))
        _ = try terminal.start()
        defer { terminal.stop() }
        pty.type("h\u{3}")
        #expect(Self.read(terminal) { $0.count >= 2 } == [.key(.char("h")), .key(.ctrl("c"))], "Ctrl+C is a key, not a signal")
        pty.type("\u{1B}b")
        #expect(Self.read(terminal) { !$0.isEmpty } == [.key(.alt(.character("b")))])
        pty.type("\u{1B}[1;5D")
        #expect(Self.read(terminal) { !$0.isEmpty } == [.key(KeyEvent(.left, .control))])
        pty.type("\u{1B}OA\u{1B}[B\u{1B}[6~\u{1B}OP\r\n")
        #expect(Self.read(terminal) { $0.count >= 6 } == [.key(KeyEvent(.up)), .key(KeyEvent(.down)), .key(KeyEvent(.pageDown)),
                                                          .key(KeyEvent(.function(1))), .key(KeyEvent(.enter)), .key(.ctrl("j"))])
        pty.type("中é")
        #expect(Self.read(terminal) { $0.count >= 2 } == [.key(.char("中")), .key(.char("é"))])
        pty.type("\u{1B}")
        #expect(Self.read(terminal) { !$0.isEmpty } == [.key(KeyEvent(.escape))])
    }

    @Test func bracketedPasteArrivesWhole() throws {
        let pty = try PseudoTerminal()
        defer { pty.close() }
        let terminal = CursesTerminal(configuration: Self.configuration(pty))
        _ = try terminal.start()
        defer { terminal.stop() }
        terminal.draw([], cursor: nil)
        let deadline = ContinuousClock.now + .seconds(5)
        while !pty.transcript.contains("\u{1B}[?2004h") && ContinuousClock.now < deadline { usleep(10_000) }
        #expect(pty.transcript.contains("\u{1B}[?2004h"), "switched on through terminfo")
        pty.type("\u{1B}[200~line one\rline two\u{1B}[201~")
        #expect(Self.read(terminal) { !$0.isEmpty } == [.paste("line one\nline two")])
    }

    @Test func anUnknownTerminalTypeIsAnErrorNotAnExit() throws {
        let pty = try PseudoTerminal()
        defer { pty.close() }
        let before = Self.modes(pty.terminal)
        let terminal = CursesTerminal(configuration: Self.configuration(pty, term: "no-such-terminal-xyz"))
        #expect(throws: TerminalError.self) { try terminal.start() }
        let unset = CursesTerminal(configuration: CursesTerminal.Configuration(inputDescriptor: pty.terminal, outputDescriptor: pty.terminal,
                                                                               environment: [:]))
        do {
            _ = try unset.start()
            Issue.record("started with no TERM")
        } catch {
            #expect(error.message.contains("TERM is not set"))
        }
        #expect(Self.modes(pty.terminal) == before)
    }

    @Test func aWholeStudioRunOnTheRealAdapter() async throws {
        let pty = try PseudoTerminal()
        defer { pty.close() }
        let before = Self.modes(pty.terminal)
        let log = EffectLog()
        let terminal = CursesTerminal(configuration: Self.configuration(pty))
        let typist = Task.detached {
            try? await Task.sleep(for: .milliseconds(200))
            pty.type("hello 世界")
            try? await Task.sleep(for: .milliseconds(100))
            pty.type("\r")
            try? await Task.sleep(for: .milliseconds(200))
            pty.type("\u{11}")
        }
        let final = try await Studio.run(initialState: AppState(), events: AsyncStream { $0.finish() },
                                         handleEffect: { log.record($0) }, terminal: terminal)
        await typist.value
        #expect(log.all == [.sendMessage("hello 世界"), .quit])
        #expect(final.conversation.entries.last?.text == "hello 世界")
        let drawn = pty.transcript
        #expect(drawn.contains("Conversation"))
        #expect(drawn.contains("世界"))
        #expect(Self.modes(pty.terminal) == before)
    }

    @Test func theRestoreHookPutsTheTerminalBackWithoutNcurses() throws {
        let pty = try PseudoTerminal()
        defer { pty.close() }
        let before = Self.modes(pty.terminal)
        let terminal = CursesTerminal(configuration: Self.configuration(pty))
        _ = try terminal.start()
        terminal.draw([], cursor: nil)
        #expect(Self.modes(pty.terminal) != before)
        TerminalRestore.now()
        #expect(Self.modes(pty.terminal) == before, "modes restored from the saved copy")
        let deadline = ContinuousClock.now + .seconds(5)
        while !pty.transcript.contains("\u{1B}[?1049l") && ContinuousClock.now < deadline { usleep(10_000) }
        #expect(pty.transcript.contains("\u{1B}[?2004l"), "bracketed paste off (terminfo BD)")
        #expect(pty.transcript.contains("\u{1B}[?1049l"), "alternate screen left (terminfo rmcup)")
        TerminalRestore.now()  // a second call does nothing
        terminal.stop()
        #expect(Self.modes(pty.terminal) == before)
    }
}
