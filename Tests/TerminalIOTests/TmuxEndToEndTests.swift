import Foundation
import Testing
import TerminalIO
import UI

/// End to end through a real terminal emulator: tmux runs this test binary again, filtered to
/// `TmuxDriver`, which opens the studio with the real ncurses adapter on /dev/tty and a scripted
/// engine; this test types with `send-keys`, reads with `capture-pane`, resizes, quits, and
/// checks that `stty -g` is the same before and after. Skipped where tmux is missing.
@Suite(.serialized) struct TmuxEndToEndTests {
    static let environment = ProcessInfo.processInfo.environment
    static let tmux = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/opt/homebrew/bin/tmux"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static var isDriver: Bool { environment["ATELIER_TMUX_DRIVER"] == "1" }

    /// Runs tmux with a private socket.
    struct Tmux {
        let executable: String
        let socket = "atelier-e2e-\(UUID().uuidString.prefix(8))"

        /// Runs a tmux command; `capture` reads its output. (The command that starts the server
        /// must not capture: the server would inherit the pipe and never close it.)
        @discardableResult
        func run(_ arguments: [String], capture: Bool = false) -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = ["-L", socket] + arguments
            let pipe = Pipe()
            process.standardOutput = capture ? pipe : FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            process.standardInput = FileHandle.nullDevice
            do { try process.run() } catch { return "" }
            let data = capture ? pipe.fileHandleForReading.readDataToEndOfFile() : Data()
            let deadline = ContinuousClock.now + .seconds(10)
            while process.isRunning && ContinuousClock.now < deadline { usleep(2_000) }
            return String(decoding: data, as: UTF8.self)
        }

        func pane() -> String { run(["capture-pane", "-p", "-t", "e2e"], capture: true) }
        func keys(_ keys: String...) { run(["send-keys", "-t", "e2e"] + keys) }
        func type(_ text: String) { run(["send-keys", "-t", "e2e", "-l", text]) }

        /// Waits (up to 20 s) until the pane satisfies `condition`; returns the last capture.
        @discardableResult
        func waitFor(_ what: String, _ condition: (String) -> Bool) -> String {
            let deadline = ContinuousClock.now + .seconds(20)
            var screen = pane()
            while !condition(screen) && ContinuousClock.now < deadline {
                usleep(100_000)
                screen = pane()
            }
            if !condition(screen) { Issue.record("timed out waiting for \(what); the pane showed:\n\(screen)") }
            return screen
        }

        @discardableResult
        func waitFor(_ text: String) -> String { waitFor("“\(text)”") { $0.contains(text) } }
    }

    @Test(.enabled(if: tmux != nil && !isDriver))
    func theStudioInTmux() throws {
        guard let executable = Self.tmux, let binary = CommandLine.arguments.first else { return }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("atelier-tmux-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let tmux = Tmux(executable: executable)
        defer {
            tmux.run(["kill-session", "-t", "e2e"])
            tmux.run(["kill-server"])
        }
        let script = "stty -g > '\(directory)/before'; LANG=C.UTF-8 ATELIER_TMUX_DRIVER=1 ATELIER_TMUX_DIR='\(directory)' "
            + "'\(binary)' --testing-library swift-testing --filter TmuxEndToEndTests/driver > '\(directory)/driver.log' 2>&1; "
            + "stty -g > '\(directory)/after'; echo STUDIO-EXITED; sleep 20"
        tmux.run(["-f", "/dev/null", "new-session", "-d", "-s", "e2e", "-x", "100", "-y", "30", "sh", "-c", script])
        tmux.waitFor("Conversation")
        // A request: the team streams.
        tmux.type("paint a misty harbour")
        tmux.keys("Enter")
        tmux.waitFor("misty ochre light")
        // Interject mid-stream: answered, and the hostile reply is inert text.
        tmux.type("more fog")
        tmux.keys("Enter")
        tmux.waitFor("interjection received: more fog")
        let hostile = tmux.waitFor("end-of-frame")
        #expect(hostile.contains("␛[2J␛]0;pwned␇"))
        #expect(hostile.contains("cr␍X bs abc␈␈Z bidi ⟨U+202E⟩gnp.exe"))
        #expect(hostile.contains("Conversation"), "the screen was not cleared by the model's text")
        // A debate: cards move through their stages; open and close a card's details.
        tmux.type("/debate a,b,c Is fog a colour?")
        tmux.keys("Enter")
        tmux.waitFor("They agree fog is light")
        #expect(tmux.pane().contains(" debate"))
        tmux.keys("Tab")
        tmux.keys("Enter")
        tmux.waitFor("thread of a/initial")
        tmux.keys("Escape")
        tmux.waitFor("details closed") { !$0.contains("Details ·") }
        // Resize: the layout reflows to 80 columns.
        tmux.run(["resize-window", "-t", "e2e", "-x", "80", "-y", "24"])
        let narrow = tmux.waitFor("80 columns") { screen in
            let lines = screen.components(separatedBy: "\n").filter { !$0.isEmpty }
            return lines.count == 24 && lines.last?.contains("Ctrl+Q quit") == true
        }
        #expect(narrow.components(separatedBy: "\n").allSatisfy { $0.count <= 80 })
        // Quit: the terminal comes back exactly as it was.
        tmux.keys("C-q")
        tmux.waitFor("STUDIO-EXITED")
        let before = try String(contentsOfFile: directory + "/before", encoding: .utf8)
        let after = try String(contentsOfFile: directory + "/after", encoding: .utf8)
        #expect(!before.isEmpty && before == after, "stty -g before and after")
        let engine = (try? String(contentsOfFile: directory + "/engine.log", encoding: .utf8)) ?? ""
        #expect(engine.contains("effect sendMessage(\"paint a misty harbour\")"))
        #expect(engine.contains("effect interject(\"more fog\")"))
        #expect(engine.contains("committed partial messages"))
        let driver = (try? String(contentsOfFile: directory + "/driver.log", encoding: .utf8)) ?? ""
        #expect(driver.contains("passed"), "the driver run: \(driver.suffix(2000))")
    }

    /// The studio itself, run inside tmux by `theStudioInTmux`.
    @Test(.enabled(if: isDriver))
    func driver() async throws {
        let directory = Self.environment["ATELIER_TMUX_DIR"] ?? NSTemporaryDirectory()
        let tty = open("/dev/tty", O_RDWR | O_CLOEXEC)
        try #require(tty >= 0)
        defer { close(tty) }
        let terminal = CursesTerminal(configuration: CursesTerminal.Configuration(
            inputDescriptor: tty, outputDescriptor: tty, crashLogPath: directory + "/crash.log"))
        let (messages, sink) = AsyncStream<AppMessage>.makeStream()
        let engine = DemoEngine(sink: sink, directory: directory)
        sink.yield(.event(.serverChanged(ServerStatus(name: "demo", url: "http://127.0.0.1:1", state: .up))))
        let final = try await Studio.run(initialState: AppState(), messages: messages,
                                         handleEffect: { await engine.handle($0) }, terminal: terminal)
        #expect(final.isQuitting)
    }
}
