import Foundation
import TestSupport
import Testing

/// `atelier generate` on a real terminal (tmux): the progress bar is drawn in place on
/// standard error while the job runs and cleared before the saved path is printed.
@Suite struct GenerateTerminalTests {
    @Test func aProgressBarIsDrawnInPlaceOnATerminal() async throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") else { return }
        let fake = try FakeComfyServer()
        fake.update { $0.stepDelay = 0.05 }
        let home = try AtelierProcess.makeHome()
        let socket = "atelier-gen-\(UUID().uuidString.prefix(8))"
        let command = "env -i PATH=/usr/bin:/bin HOME=\(home) LANG=C.UTF-8 TERM=xterm-256color ATELIER_HOME=\(home) "
            + "COMFYUI_URL=\(fake.baseURL) \(AtelierProcess.binary.path) generate -w sd15-txt2img --set steps=20 'a quiet harbour'; "
            + "echo EXIT=$?; sleep 60"
        try await tmux(socket, ["new-session", "-d", "-s", "g", "-x", "120", "-y", "20", command])
        
        var sawBar = false
        var screen = ""
        let deadline = Date().addingTimeInterval(45)
        while Date() < deadline {
            screen = (try? await tmux(socket, ["capture-pane", "-p", "-t", "g"])) ?? ""
            if screen.contains("░") && screen.contains("%") && screen.contains("generation 1 ") { sawBar = true }
            if screen.contains("EXIT=") { break }
            try await Task.sleep(nanoseconds: 30_000_000)
        }
        _ = try? await tmux(socket, ["kill-server"])
        #expect(sawBar, "\(screen)")
        #expect(screen.contains("EXIT=0"), "\(screen)")
        let lines = screen.split(separator: "\n").map(String.init)
        #expect(lines.contains(home + "/data/generations/direct/1/image-001.png"), "\(screen)")
        #expect(screen.contains("generation 1 complete: 1 file saved"))
        #expect(!lines.contains { $0.contains("░") }, "the bar is cleared at the end: \(screen)")
    }

    /// Runs tmux and returns what it printed. Spawned with `posix_spawn` and reaped with
    /// `waitpid(WNOHANG)` polling: the tmux server a `new-session` starts inherits descriptors
    /// and lives on, so neither a blocking read nor Foundation's `Process` would see the
    /// client end.
    @discardableResult
    private func tmux(_ socket: String, _ arguments: [String]) async throws -> String {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("tmux-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let words: [String] = ["/usr/bin/tmux", "-L", socket] + arguments
        let variables: [String] = ["PATH=/usr/bin:/bin", "HOME=\(FileManager.default.temporaryDirectory.path)",
                                   "TERM=xterm-256color", "LANG=C.UTF-8"]
        let argv: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
        let env: [UnsafeMutablePointer<CChar>?] = variables.map { strdup($0) } + [nil]
        defer { (argv + env).forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/usr/bin/tmux", &actions, nil, argv, env)
        guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EIO) }
        var status: Int32 = 0
        let deadline = Date().addingTimeInterval(10)
        while waitpid(pid, &status, WNOHANG) == 0 {
            guard Date() < deadline else {
                kill(pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                break
            }
            try await Task.sleep(nanoseconds: 5_000_000)
        }
        return (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
    }
}
