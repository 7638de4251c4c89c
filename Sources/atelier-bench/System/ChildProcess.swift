import Glibc

/// A process started with `posix_spawn` and reaped with `wait4`, so its exit status, CPU
/// time and peak RSS are known exactly. Standard input and output are either /dev/null or
/// a pipe this object holds; standard error is inherited or /dev/null.
/// Owned by one task at a time; `wait()` blocks (call it through `Blocking.run`).
final class ChildProcess: @unchecked Sendable {
    /// Where a standard stream of the child goes.
    enum Stream {
        case null
        case pipe
        case inherit
    }

    /// How a child ended.
    struct Exit: Sendable {
        /// The exit code, or nil when a signal ended it.
        var code: Int32?
        var signal: Int32?
        var usage: ResourceUsage
        /// Seconds from spawn to reaping.
        var wallSeconds: Double
    }

    let pid: pid_t
    /// The write end of the child's standard input, when it is a pipe (-1 otherwise).
    private(set) var stdinFD: Int32
    /// The read end of the child's standard output, when it is a pipe (-1 otherwise).
    let stdoutFD: Int32
    private let started: ContinuousClock.Instant

    /// Spawns `path` with `arguments` (not counting argv[0]) and exactly `environment`.
    init(path: String, arguments: [String], environment: [String: String],
         stdin: Stream = .null, stdout: Stream = .null, stderr: Stream = .inherit) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var parentEnds: [Int32] = []
        var childEnds: [Int32] = []
        defer { for fd in childEnds { close(fd) } }
        func wire(_ stream: Stream, _ target: Int32, readByChild: Bool) throws -> Int32 {
            switch stream {
            case .inherit:
                return -1
            case .null:
                posix_spawn_file_actions_addopen(&actions, target, "/dev/null", readByChild ? O_RDONLY : O_WRONLY, 0)
                return -1
            case .pipe:
                var fds: [Int32] = [0, 0]
                guard pipe(&fds) == 0 else { throw BenchError("pipe failed: errno \(errno)") }
                for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
                let (childEnd, parentEnd) = readByChild ? (fds[0], fds[1]) : (fds[1], fds[0])
                posix_spawn_file_actions_adddup2(&actions, childEnd, target)
                childEnds.append(childEnd)
                parentEnds.append(parentEnd)
                return parentEnd
            }
        }
        do {
            stdinFD = try wire(stdin, 0, readByChild: true)
            stdoutFD = try wire(stdout, 1, readByChild: false)
            _ = try wire(stderr, 2, readByChild: false)
        } catch {
            for fd in parentEnds { close(fd) }
            throw error
        }
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var child: pid_t = 0
        started = .now
        let rc = posix_spawn(&child, path, &actions, nil, argv, envp)
        guard rc == 0 else {
            for fd in parentEnds { close(fd) }
            throw BenchError("cannot start \(path): \(String(cString: strerror(rc)))")
        }
        pid = child
    }

    deinit {
        if stdinFD >= 0 { close(stdinFD) }
        if stdoutFD >= 0 { close(stdoutFD) }
    }

    /// Closes the child's standard input (it sees end of file).
    func closeStdin() {
        if stdinFD >= 0 { close(stdinFD) }
        stdinFD = -1
    }

    /// Reads one line (without its newline) from the child's standard output; nil at end
    /// of file. Blocks.
    func readLine() -> String? {
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            let count = read(stdoutFD, &byte, 1)
            if count < 0 && errno == EINTR { continue }
            guard count == 1 else { return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self) }
            if byte == 10 { return String(decoding: bytes, as: UTF8.self) }
            bytes.append(byte)
        }
    }

    /// Waits for the child to end and returns how. Blocks.
    func wait() -> Exit {
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let wall = started.duration(to: .now).benchSeconds
        let signal = status & 0x7f
        return Exit(code: signal == 0 ? (status >> 8) & 0xff : nil, signal: signal == 0 ? nil : signal,
                    usage: ResourceUsage(usage), wallSeconds: wall)
    }

    /// Sends `SIGTERM` (for a child that must stop now).
    func terminate() {
        kill(pid, SIGTERM)
    }
}
