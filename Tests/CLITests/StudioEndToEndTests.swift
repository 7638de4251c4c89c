import Foundation
import Testing
import TestSupport

/// The studio end to end: the real `atelier` binary in tmux against a fake OpenAI-compatible
/// server that answers as the team (and as debate models). Skipped where tmux is missing.
@Suite(.serialized) struct StudioEndToEndTests {
    static let hostile = "\u{1B}[2J\u{1B}]0;pwned\u{07}\ncr\rX bs abc\u{08}\u{08}Z\nbidi \u{202E}gnp.exe\nend-of-frame"

    /// The team as `TeamFakeTeam` plays it; other requests (debate models, synthesis,
    /// summary, `/ask`) get a short fixed answer, or hostile bytes when asked for them.
    @Sendable static func answer(_ request: FakeChatRequest) -> String {
        if TeamFakeTeam.speaker(request) != nil { return TeamFakeTeam.answer(request) }
        if request.lastUserText.contains("HOSTILE") { return hostile }
        return "Fog is light scattered by droplets."
    }

    static func setUp() async throws -> (FakeOpenAIServer, FakeHome, StudioTmux) {
        let server = try FakeOpenAIServer(models: ["m1", "m2"],
                                          defaultBehaviour: FakeBehaviour.responder(answer).paced(tokensPerSecond: 12))
        let home = try TeamFakeTeam.home(server)
        let directory = home.path + "/tmux"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let tmux = try await StudioTmux.start(home: home.path, directory: directory)
        return (server, home, tmux)
    }

    @Test(.enabled(if: StudioTmux.executable != nil))
    func teamInterjectionDebateDetailsResizeQuit() async throws {
        let (server, home, tmux) = try await Self.setUp()
        defer { try? FileManager.default.removeItem(atPath: home.path) }
        do {
            try await flow(tmux)
        } catch {
            await tmux.kill()
            throw error
        }
        await tmux.kill()
        _ = server
    }

    private func flow(_ tmux: StudioTmux) async throws {
        await tmux.waitFor("Conversation")
        await tmux.waitFor("fake server up") { $0.contains("● fake") }
        // A request: the specialists stream.
        await tmux.type(TeamFakeTeam.request)
        await tmux.keys("Enter")
        await tmux.waitFor("Luna")
        await tmux.waitFor("Luna's first words") { $0.contains("Deep teal") }
        // Interject while the team talks: stored at once, answered at the next turn.
        await tmux.type("more fog please")
        await tmux.keys("Enter")
        await tmux.waitFor("the interjection answered") { $0.contains("hears you") }
        await tmux.waitFor("the spec approved", seconds: 120) { $0.contains("ready:") }
        // A debate: a card per model per stage, the debate stage once both left initial.
        await tmux.type("/debate fake:m1,fake:m2 Is fog a colour?")
        await tmux.keys("Enter")
        await tmux.waitFor("the initial cards") { $0.contains("Debate #") && $0.contains("initial") }
        await tmux.waitFor("the summary", seconds: 120) { $0.contains("complete") && $0.contains("debate") }
        // Open a card's details (Tab to the board, Enter), then close them (Esc).
        await tmux.keys("Tab")
        await tmux.keys("Enter")
        let details = await tmux.waitFor("the details pane") { $0.contains("Details") && $0.contains("Fog is light") }
        #expect(details.contains("Details"))
        await tmux.keys("Escape")
        await tmux.waitFor("details closed") { !$0.contains("Details ·") }
        // Resize: the layout reflows to 80x24.
        await tmux.run(["resize-window", "-t", "e2e", "-x", "80", "-y", "24"])
        let narrow = await tmux.waitFor("80 columns") { screen in
            let lines = screen.components(separatedBy: "\n").filter { !$0.isEmpty }
            return lines.count == 24 && lines.last?.contains("Ctrl+Q quit") == true
        }
        #expect(narrow.components(separatedBy: "\n").allSatisfy { $0.count <= 80 })
        // Quit: the terminal is given back exactly as it was.
        await tmux.keys("C-q")
        await tmux.waitFor("STUDIO-EXITED")
        #expect(tmux.file("exit").contains("EXIT=0"))
        let before = tmux.file("before")
        #expect(!before.isEmpty && before == tmux.file("after"), "stty -g before and after")
    }

    @Test(.enabled(if: StudioTmux.executable != nil))
    func hostileTextIsInertAndSIGTERMRestores() async throws {
        let (server, home, tmux) = try await Self.setUp()
        defer { try? FileManager.default.removeItem(atPath: home.path) }
        await tmux.waitFor("Conversation")
        await tmux.type("/ask fake:m1 HOSTILE please")
        await tmux.keys("Enter")
        let screen = await tmux.waitFor("end-of-frame")
        #expect(screen.contains("␛[2J␛]0;pwned␇"))
        #expect(screen.contains("cr␍X bs abc␈␈Z"))
        #expect(screen.contains("bidi ⟨U+202E⟩gnp.exe"))
        #expect(screen.contains("Conversation"), "the model's text did not clear the screen")
        let title = await tmux.run(["display-message", "-p", "-t", "e2e", "#{pane_title}"])
        #expect(!title.contains("pwned"), "the model's text did not set the window title")
        // SIGTERM: the studio commits, restores the terminal and exits.
        let pid = Int32(tmux.file("pid").trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        #expect(pid > 0)
        if pid > 0 { kill(pid, SIGTERM) }
        await tmux.waitFor("STUDIO-EXITED")
        let before = tmux.file("before")
        #expect(!before.isEmpty && before == tmux.file("after"), "stty -g before and after")
        await tmux.kill()
        _ = server
    }
}
