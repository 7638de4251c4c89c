import Foundation

/// The real `atelier` studio (no verb) running on a `LoadPseudoTerminal`: the terminal side
/// is its stdin, stdout and stderr, TERM is xterm-256color. Offers its resident memory
/// (/proc/<pid>/status VmRSS), resizes (TIOCSWINSZ then SIGWINCH) and a polling wait for exit.
/// Used from the test's task only.
final class LoadStudioProcess: @unchecked Sendable {
    let pty: LoadPseudoTerminal
    let process = Process()

    init(home: String, rows: Int, columns: Int) throws {
        pty = try LoadPseudoTerminal(rows: rows, columns: columns)
        // ATELIER_LOAD_BINARY runs the suite against another build (e.g. .build/release/atelier).
        process.executableURL = ProcessInfo.processInfo.environment["ATELIER_LOAD_BINARY"].map { URL(fileURLWithPath: $0) }
            ?? AtelierProcess.binary
        process.arguments = []
        process.environment = ["ATELIER_HOME": home, "HOME": home, "PATH": "/usr/bin:/bin",
                               "LANG": "C.UTF-8", "TERM": "xterm-256color"]
        let handle = FileHandle(fileDescriptor: pty.terminal, closeOnDealloc: false)
        process.standardInput = handle
        process.standardOutput = handle
        process.standardError = handle
    }

    func start() throws { try process.run() }

    var pid: Int32 { process.processIdentifier }
    var isRunning: Bool { process.isRunning }

    /// Resident memory in KiB, or nil when the process is gone.
    var residentKiB: Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            return Int(line.split(separator: " ").dropFirst().first ?? "")
        }
        return nil
    }

    /// Sets the window size and tells the studio (SIGWINCH), as a terminal emulator does.
    func resize(rows: Int, columns: Int) {
        pty.setSize(rows: rows, columns: columns)
        kill(pid, SIGWINCH)
    }

    /// Polls until the process exits; kills it after `timeout` seconds. Returns the status.
    func waitForExit(timeout: Double) async -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { try? await Task.sleep(nanoseconds: 20_000_000) }
        if process.isRunning {
            kill(pid, SIGKILL)
            while process.isRunning { try? await Task.sleep(nanoseconds: 20_000_000) }
            return nil
        }
        return process.terminationStatus
    }
}
