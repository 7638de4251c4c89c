import Foundation

/// Runs the built `atelier` binary as a child process for end-to-end tests: a private
/// ATELIER_HOME, a clean environment, captured stdout/stderr, a time limit, and a hook to
/// watch stdout as it streams. One instance per run; used from the test's task.
final class AtelierProcess: @unchecked Sendable {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var elapsed: Double
        var signalled: Bool
    }

    /// The `atelier` binary next to the running test bundle.
    static var binary: URL {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var dir = URL(fileURLWithPath: exe).deletingLastPathComponent()
        // The xctest bundle may be a directory (macOS layout); walk up until `atelier` is found.
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("atelier")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: ".build/debug/atelier")
    }

    /// A fresh ATELIER_HOME for one test.
    static func makeHome() throws -> String {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("atelier-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        return base.path
    }

    let process = Process()
    private let out = Pipe()
    private let err = Pipe()
    /// Standard input when made with `stdinPipe: true` (write with `type`, end with `closeStdin`).
    private let input: Pipe?
    private let lock = NSLock()
    private var outData = Data()
    private var errData = Data()
    private var onOutput: (@Sendable (String) -> Void)?

    /// `stdinPipe`: standard input is a pipe the test writes to (else `/dev/null`).
    init(_ arguments: [String], home: String, environment extra: [String: String] = [:], stdinPipe: Bool = false,
         onOutput: (@Sendable (String) -> Void)? = nil) {
        process.executableURL = Self.binary
        process.arguments = arguments
        var env = ["ATELIER_HOME": home, "PATH": "/usr/bin:/bin", "HOME": home, "LANG": "C.UTF-8"]
        for (key, value) in extra { env[key] = value }
        process.environment = env
        process.standardOutput = out
        process.standardError = err
        input = stdinPipe ? Pipe() : nil
        if let input {
            process.standardInput = input
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        self.onOutput = onOutput
    }

    /// Writes a line (a newline is added) to the child's standard input. A child that has
    /// exited is not an error (SIGPIPE is ignored; the write just fails).
    func type(_ line: String) {
        signal(SIGPIPE, SIG_IGN)
        try? input?.fileHandleForWriting.write(contentsOf: Data((line + "\n").utf8))
    }

    /// Closes the child's standard input (end of file).
    func closeStdin() {
        try? input?.fileHandleForWriting.close()
    }

    /// What the child has printed on standard output so far.
    var stdoutSoFar: String { lock.withLock { String(decoding: outData, as: UTF8.self) } }

    func start() throws {
        out.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self, !data.isEmpty else { return }
            self.lock.lock()
            self.outData.append(data)
            let text = String(decoding: self.outData, as: UTF8.self)
            let hook = self.onOutput
            self.lock.unlock()
            hook?(text)
        }
        err.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self, !data.isEmpty else { return }
            self.lock.lock()
            self.errData.append(data)
            self.lock.unlock()
        }
        try process.run()
    }

    /// Waits for exit (killing the process after `timeout` seconds) and returns what it printed.
    func wait(timeout: Double = 30) async -> Result {
        let start = Date()
        while process.isRunning && Date().timeIntervalSince(start) < timeout {
            try? await Task.sleep(nanoseconds: 20_000_000)
        }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        // Drain what is left in the pipes.
        out.fileHandleForReading.readabilityHandler = nil
        err.fileHandleForReading.readabilityHandler = nil
        let restOut = (try? out.fileHandleForReading.readToEnd()) ?? nil
        let restErr = (try? err.fileHandleForReading.readToEnd()) ?? nil
        return lock.withLock {
            if let restOut { outData.append(restOut) }
            if let restErr { errData.append(restErr) }
            return Result(status: process.terminationStatus,
                      stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self),
                      elapsed: Date().timeIntervalSince(start),
                          signalled: process.terminationReason == .uncaughtSignal)
        }
    }

    /// Runs to completion.
    static func run(_ arguments: [String], home: String, environment: [String: String] = [:],
                    timeout: Double = 30) async throws -> Result {
        let child = AtelierProcess(arguments, home: home, environment: environment)
        try child.start()
        return await child.wait(timeout: timeout)
    }
}
