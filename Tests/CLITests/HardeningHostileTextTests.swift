import Core
import Foundation
import Store
import TestSupport
import Testing

/// Suite 2, headless part: hostile text streamed by a fake through the real `atelier ask`
/// with standard output and error on pseudo-terminals. Every byte the binary writes to a
/// terminal must be inert (`TerminalBytes`), the answer must appear as the sanitizer shows
/// it (visible, in place), and the database must hold the text byte-exact.
@Suite struct HardeningHostileTextTests {
    /// The corpus: a name and a text (each streamed in `pieces` pieces).
    static let corpus: [(name: String, text: String, pieces: Int)] = [
        ("csi moves and clears", "top\u{1B}[2J\u{1B}[H\u{1B}[10;10Hhere\u{1B}[K\u{1B}[1A\u{1B}[?1049h\u{1B}[?25l end", 5),
        ("osc 0 and 2 titles", "a\u{1B}]0;pwned title\u{07}b\u{1B}]2;other title\u{1B}\\c", 4),
        ("osc 8 link", "see \u{1B}]8;;https://evil.example/\u{1B}\\click here\u{1B}]8;;\u{1B}\\ now", 4),
        ("osc 52 write and query", "x\u{1B}]52;c;cm0gLXJmIH4K\u{07}y\u{1B}]52;c;?\u{07}z\u{1B}]52;p;?\u{1B}\\", 4),
        ("dcs", "d\u{1B}P1$qm\u{1B}\\e\u{1B}P+q544e\u{1B}\\", 3),
        ("apc pm sos", "\u{1B}_Gf=24,s=1,v=1;AAAA\u{1B}\\\u{1B}^private\u{1B}\\\u{1B}Xstart of string\u{1B}\\", 3),
        ("raw c1", "c1 \u{9B}31mred\u{9B}0m \u{9D}0;title\u{9C} \u{90}q\u{9C} \u{85}nel \u{84}\u{8D}\u{9F}", 4),
        ("report requests", "\u{1B}[6n\u{1B}[21t\u{1B}[c\u{1B}[>c\u{1B}]10;?\u{07}\u{1B}[14t\u{1B}Z\u{05}", 4),
        ("unterminated at the end", "before\u{1B}]0;this title never ends", 2),
        ("unterminated csi at the end", "before\u{1B}[38;5", 2),
        ("cr and backspace overwrites", "rm -rf safe\rEVIL\u{08}\u{08}\u{08}\u{08}good\r\nnext\u{7F}", 3),
        ("bidi overrides", "file\u{202E}gnp.exe\u{202C} \u{2066}iso\u{2069} \u{200F}rlm\u{061C}", 3),
        ("zero width", "in\u{200B}vis\u{200C}ible\u{200D}\u{2060}\u{FEFF}\u{00AD}", 2),
        ("tag characters", "tags\u{E0001}\u{E0068}\u{E0069}\u{E0064}\u{E0065}\u{E007F}", 2),
        ("nul bel del", "n\u{0}u\u{07}l\u{7F}l", 2),
    ]

    static func home(_ server: FakeOpenAIServer, _ extra: [String: Any] = [:]) throws -> HardeningHome {
        try HardeningHome.make(baseURL: server.baseURL, models: ["m1"], extra: extra)
    }

    /// Runs `ask` on terminals with `behaviour` and checks both terminals and the database.
    private func check(_ text: String, behaviour: FakeBehaviour, label: String) async throws {
        let server = try FakeOpenAIServer(flavour: .openAI, models: ["m1"])
        server.defaultBehaviour = behaviour
        let home = try Self.home(server)
        defer { home.remove() }
        let result = try await TerminalProcess.run(["ask", "show me"], home: home.path, timeout: 60)
        #expect(result.status == 0, "\(label): \(result.stderrText.prefix(300))")
        #expect(TerminalBytes.problems(result.stdout).isEmpty, "\(label) stdout: \(TerminalBytes.problems(result.stdout))")
        #expect(TerminalBytes.problems(result.stderr).isEmpty, "\(label) stderr: \(TerminalBytes.problems(result.stderr))")
        let shown = TerminalSanitizer.sanitize(text)
        let expected = shown.hasSuffix("\n") ? shown : shown + "\n"
        #expect(result.stdout == Array(expected.utf8), "\(label): the pane shows the sanitized text in place")
        let store = try Store(path: home.databasePath)
        let answer = try #require(try await store.messages(sessionID: 1).last)
        #expect(Array(answer.content.utf8) == Array(text.utf8), "\(label): the database holds the text byte-exact")
        #expect(answer.status == .complete)
        try await store.close()
    }

    static func shownBytes(_ text: String) -> Int { (TerminalSanitizer.sanitize(text) + "\n").utf8.count }

    @Test(arguments: corpus.map(\.name))
    func eachHostileTextIsInertOnTheTerminalAndExactInTheDatabase(name: String) async throws {
        let entry = try #require(Self.corpus.first { $0.name == name })
        try await check(entry.text, behaviour: .reply(entry.text, tokens: entry.pieces), label: name)
    }

    @Test func anEscapeSplitAcrossTwoChunksIsInert() async throws {
        // Two pieces of four characters: the first ends with ESC, the second starts "[2J".
        try await check("abc\u{1B}[2Jx", behaviour: .reply("abc\u{1B}[2Jx", tokens: 2), label: "split CSI")
        try await check("ab\u{1B}]0;t\u{07}", behaviour: .reply("ab\u{1B}]0;t\u{07}", tokens: 2), label: "split OSC")
    }

    @Test func theWholeCorpusInOneStreamCutAnywhere() async throws {
        let text = Self.corpus.map(\.text).joined(separator: "\n")
        try await check(text, behaviour: .reply(text, tokens: 97).split(.awkward), label: "whole corpus")
        Hardening.report("hostile-text", [("corpus_entries", Self.corpus.count), ("pieces", 97),
                                          ("stdout_bytes_checked", Self.shownBytes(text))])
    }

    @Test func aMegabyteOfEscapesIsInertAndStoredWhole() async throws {
        let text = String(repeating: "\u{1B}", count: 1 << 20)
        try await check(text, behaviour: .reply(text, tokens: 64), label: "1 MB of ESC")
    }

    @Test func serverErrorBodiesWithEscapesAreInert() async throws {
        let hostile = "boom \u{1B}]0;pwned\u{07}\u{1B}[2J\u{9B}6n\u{202E}x\r\u{08}"
        let behaviours: [(String, FakeBehaviour)] = [
            ("json error", .failure(400, message: hostile)),
            ("html error", .failure(FakeBehaviour.Failure(status: 502, rawBody: "<html>\(hostile)</html>"))),
            ("mid-stream error", FakeBehaviour.reply("partial text here", tokens: 3).failingMidStream(afterTokens: 2, message: hostile)),
        ]
        for (label, behaviour) in behaviours {
            let server = try FakeOpenAIServer(flavour: .openAI, models: ["m1"])
            server.defaultBehaviour = behaviour
            let home = try Self.home(server)
            defer { home.remove() }
            let result = try await TerminalProcess.run(["ask", "go"], home: home.path, timeout: 60)
            #expect(result.status != 0, "\(label)")
            #expect(result.stderrText.contains("boom"), "\(label): \(result.stderrText)")
            #expect(TerminalBytes.problems(result.stdout).isEmpty, "\(label) stdout: \(TerminalBytes.problems(result.stdout))")
            #expect(TerminalBytes.problems(result.stderr).isEmpty, "\(label) stderr: \(TerminalBytes.problems(result.stderr))")
        }
    }

    @Test func modelNamesWithEscapesAreInert() async throws {
        // llama.cpp answers any model name and echoes it; a name with ESC is refused before
        // sending, one with C1 or bidi characters is sent and then shown.
        let server = try FakeOpenAIServer(flavour: .llamaCpp, models: ["m1"])
        server.defaultBehaviour = .reply("fine", tokens: 1)
        let home = try Self.home(server)
        defer { home.remove() }
        for model in ["fake:\u{1B}[31mred\u{1B}]0;t\u{07}", "fake:x\u{9B}2J\u{9D}0;t\u{9C}", "fake:m\u{202E}1", "\u{1B}[2J:m1"] {
            let result = try await TerminalProcess.run(["ask", "-m", model, "hi"], home: home.path, timeout: 60)
            #expect(TerminalBytes.problems(result.stdout).isEmpty, "\(model.debugDescription) stdout: \(TerminalBytes.problems(result.stdout))")
            #expect(TerminalBytes.problems(result.stderr).isEmpty, "\(model.debugDescription) stderr: \(TerminalBytes.problems(result.stderr))")
        }
    }

    @Test func configWarningsWithEscapesAreInert() async throws {
        let server = try FakeOpenAIServer(flavour: .openAI, models: ["m1"])
        server.defaultBehaviour = .reply("ok", tokens: 1)
        let home = try Self.home(server, ["\u{1B}]0;title\u{07}\u{9B}2J": 1])
        defer { home.remove() }
        let result = try await TerminalProcess.run(["ask", "hi"], home: home.path, timeout: 60)
        #expect(result.status == 0, "\(result.stderrText)")
        #expect(result.stderrText.contains("unknown key"))
        #expect(TerminalBytes.problems(result.stderr).isEmpty, "stderr: \(TerminalBytes.problems(result.stderr))")
    }

    @Test func storedHostileTextIsInertInEveryReadingVerb() async throws {
        let text = Self.corpus.map(\.text).joined(separator: " ")
        let server = try FakeOpenAIServer(flavour: .openAI, models: ["m1"])
        server.defaultBehaviour = .reply(text, tokens: 20)
        let home = try Self.home(server)
        defer { home.remove() }
        let prompt = "title \u{1B}]0;pwned\u{07} \u{9B}2J \u{202E}x"
        let ask = try await AtelierProcess.run(["ask", prompt], home: home.path, timeout: 60)
        #expect(ask.status == 0, "\(ask.stderr)")
        for arguments in [["sessions", "list"], ["sessions", "show", "1"], ["sessions", "show", "1", "--json"],
                          ["sessions", "list", "--json"], ["search", "title"], ["search", "title", "--json"],
                          ["usage"], ["usage", "--json"], ["ask", "--json", "again"]] {
            let result = try await TerminalProcess.run(arguments, home: home.path, timeout: 60)
            #expect(result.status == 0, "\(arguments): \(result.stderrText.prefix(300))")
            #expect(TerminalBytes.problems(result.stdout).isEmpty, "\(arguments) stdout: \(TerminalBytes.problems(result.stdout))")
            #expect(TerminalBytes.problems(result.stderr).isEmpty, "\(arguments) stderr: \(TerminalBytes.problems(result.stderr))")
        }
        // The escapes in --json output decode back to the exact stored text.
        let json = try await AtelierProcess.run(["sessions", "show", "1", "--json"], home: home.path, timeout: 60)
        let lines = json.stdout.split(separator: "\n").compactMap { FakeJSON.parse(String($0)) }
        #expect(lines.last?["content"]?.string == text)
        #expect(lines.first?["title"]?.string == prompt)
    }
}
