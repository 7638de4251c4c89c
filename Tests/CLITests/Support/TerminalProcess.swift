import Foundation

/// Runs the built `atelier` binary with its standard output and standard error each on its
/// own pseudo-terminal (so `isatty` is true for both, as for a person at a terminal, and the
/// two streams can be checked apart), standard input from /dev/null, a private home and a
/// clean environment (as `AtelierProcess`). One instance per run; used from the test's task.
final class TerminalProcess: @unchecked Sendable {
    struct Result {
        var status: Int32
        var signalled: Bool
        var stdout: [UInt8]
        var stderr: [UInt8]
        var elapsed: Double
        var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
        var stderrText: String { String(decoding: stderr, as: UTF8.self) }
    }

    let process = Process()
    let output: PseudoTerminal
    let errors: PseudoTerminal

    init(_ arguments: [String], home: String, environment extra: [String: String] = [:]) throws {
        output = try PseudoTerminal()
        errors = try PseudoTerminal()
        process.executableURL = AtelierProcess.binary
        process.arguments = arguments
        var env = ["ATELIER_HOME": home, "PATH": "/usr/bin:/bin", "HOME": home, "LANG": "C.UTF-8", "TERM": "xterm-256color"]
        for (key, value) in extra { env[key] = value }
        process.environment = env
        process.standardOutput = output.slaveHandle
        process.standardError = errors.slaveHandle
        process.standardInput = FileHandle.nullDevice
    }

    /// Starts the child, then closes this process's copies of the slaves (also when the start
    /// fails, so the reader threads end).
    func start() throws {
        defer {
            output.closeSlave()
            errors.closeSlave()
        }
        try process.run()
    }

    /// Waits for exit (SIGKILL after `timeout` seconds) and for both terminals to drain.
    func wait(timeout: Double = 30) async -> Result {
        let start = ContinuousClock.now
        while process.isRunning && Hardening.seconds(since: start) < timeout {
            try? await Task.sleep(for: .milliseconds(10))
        }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        while process.isRunning { try? await Task.sleep(for: .milliseconds(5)) }
        let elapsed = Hardening.seconds(since: start)
        _ = await output.waitForEnd(timeout: 10)
        _ = await errors.waitForEnd(timeout: 10)
        return Result(status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal,
                      stdout: output.bytes, stderr: errors.bytes, elapsed: elapsed)
    }

    /// Runs to completion.
    static func run(_ arguments: [String], home: String, environment: [String: String] = [:],
                    timeout: Double = 30) async throws -> Result {
        let child = try TerminalProcess(arguments, home: home, environment: environment)
        try child.start()
        return await child.wait(timeout: timeout)
    }
}
