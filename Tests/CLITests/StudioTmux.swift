import Foundation
import Testing

/// A private tmux server (its own `-L` socket) running the real `atelier` binary in one
/// session, for the studio's end-to-end tests: type with `send-keys`, read with
/// `capture-pane`, resize, and always `kill-server` at the end. Every wait polls with
/// `Task.sleep`, so no cooperative thread is ever blocked. Used by one test task.
struct StudioTmux {
    static let executable = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/opt/homebrew/bin/tmux"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    let executable: String
    let directory: String
    let socket = "atelier-studio-\(UUID().uuidString.prefix(8))"

    /// Starts `atelier` with `home` in a 100x30 session; the shell records `stty -g` before and
    /// after, the exit status, and the process id (for signal tests).
    static func start(home: String, directory: String) async throws -> StudioTmux {
        guard let executable else { throw CancellationError() }
        let tmux = StudioTmux(executable: executable, directory: directory)
        let binary = AtelierProcess.binary.path
        let script = "stty -g > '\(directory)/before'; "
            + "sh -c 'echo $$ > \"\(directory)/pid\"; exec env LANG=C.UTF-8 TERM=xterm-256color ATELIER_HOME=\"\(home)\" "
            + "\"\(binary)\"'; echo \"EXIT=$?\" > '\(directory)/exit'; "
            + "stty -g > '\(directory)/after'; echo STUDIO-EXITED; sleep 30"
        await tmux.run(["-f", "/dev/null", "new-session", "-d", "-s", "e2e", "-x", "100", "-y", "30", "sh", "-c", script])
        return tmux
    }

    /// Runs one tmux command; its standard output goes through a file (no blocking pipe read).
    @discardableResult
    func run(_ arguments: [String]) async -> String {
        let output = directory + "/tmux-\(UUID().uuidString.prefix(8)).out"
        guard FileManager.default.createFile(atPath: output, contents: nil) else { return "" }
        defer { try? FileManager.default.removeItem(atPath: output) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-L", socket] + arguments
        guard let handle = FileHandle(forWritingAtPath: output) else { return "" }
        // The command that starts the server must not hold a file the test reads: the
        // server inherits it. A file (unlike a pipe) never blocks anyone.
        process.standardOutput = handle
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return "" }
        let deadline = ContinuousClock.now + .seconds(10)
        while process.isRunning && ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(5)) }
        try? handle.close()
        return (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
    }

    func pane() async -> String { await run(["capture-pane", "-p", "-t", "e2e"]) }
    func keys(_ keys: String...) async { await run(["send-keys", "-t", "e2e"] + keys) }
    func type(_ text: String) async { await run(["send-keys", "-t", "e2e", "-l", text]) }

    /// Waits (up to `seconds`) until the pane satisfies `condition`; returns the last capture
    /// and records an issue with the pane when it never did.
    @discardableResult
    func waitFor(_ what: String, seconds: Int = 60, _ condition: (String) -> Bool) async -> String {
        let deadline = ContinuousClock.now + .seconds(seconds)
        var screen = await pane()
        while !condition(screen) && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(150))
            screen = await pane()
        }
        if !condition(screen) { Issue.record("timed out waiting for \(what); the pane showed:\n\(screen)") }
        return screen
    }

    @discardableResult
    func waitFor(_ text: String, seconds: Int = 60) async -> String {
        await waitFor("“\(text)”", seconds: seconds) { $0.contains(text) }
    }

    /// The pane's text with line breaks removed (for phrases the conversation may wrap).
    static func joined(_ screen: String) -> String {
        screen.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    }

    func file(_ name: String) -> String {
        (try? String(contentsOfFile: directory + "/" + name, encoding: .utf8)) ?? ""
    }

    func kill() async {
        await run(["kill-server"])
    }
}
