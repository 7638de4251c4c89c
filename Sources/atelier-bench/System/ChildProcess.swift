import Glibc

/// A process started with `posix_spawn` and reaped with `wait4`, so its exit status, CPU
/// time and peak RSS are known exactly. Standard input and output are /dev/null, a pipe this
/// object holds, or a descriptor given (a pseudo-terminal); standard error is inherited,
/// /dev/null or a descriptor given.
/// Owned by one task at a time; `wait()` blocks (call it through `Blocking.run`).
final class ChildProcess: @unchecked Sendable {
    /// Where a standard stream of the child goes.
    enum Stream {
        case null
        case pipe
        case inherit
        /// An open descriptor of this process (a pseudo-terminal's side), duplicated in.
        case descriptor(Int32)
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
    /// The instant just before `posix_spawn`.
    var startedAt: ContinuousClock.Instant { started }
    /// This process's peak RSS when the child was spawned (what `exec` may fold into the child's).
    private let parentPeakAtSpawn: Double

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
            case .descriptor(let fd):
                posix_spawn_file_actions_adddup2(&actions, fd, target)
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
        parentPeakAtSpawn = ResourceUsage.current().peakRSSBytes
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
    ///
    /// With `samplingPeakRSS`, polls the child's `VmHWM` (its own peak, from
    /// /proc/<pid>/status) every half millisecond until it exits, and reports the largest
    /// value seen as `usage.peakRSSBytes`: `wait4`'s `ru_maxrss` cannot be trusted for a
    /// spawned child on Linux, because `exec` folds the spawning process's peak into it
    /// (the vfork of `posix_spawn` hands it this benchmark's own peak). Growth in the last
    /// half millisecond before exit could be missed; the wall time is then up to that late.
    func wait(samplingPeakRSS: Bool = false) -> Exit {
        var status: Int32 = 0
        var usage = rusage()
        var peak = 0.0
        if samplingPeakRSS {
            while true {
                let reaped = wait4(pid, &status, WNOHANG, &usage)
                if reaped == pid || (reaped < 0 && errno != EINTR) { break }
                peak = max(peak, Self.peakRSS(of: pid) ?? 0)
                usleep(500)
            }
        } else {
            while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        }
        let wall = started.duration(to: .now).benchSeconds
        let signal = status & 0x7f
        var resources = ResourceUsage(usage)
        // Above this process's own peak, ru_maxrss cannot be the inherited value: it is exact.
        if samplingPeakRSS && resources.peakRSSBytes <= parentPeakAtSpawn { resources.peakRSSBytes = peak }
        return Exit(code: signal == 0 ? (status >> 8) & 0xff : nil, signal: signal == 0 ? nil : signal,
                    usage: resources, wallSeconds: wall)
    }

    /// `VmHWM` of a live process, in bytes; nil once it has exited.
    static func peakRSS(of pid: pid_t) -> Double? {
        let fd = open("/proc/\(pid)/status", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard count > 0 else { return nil }
        let text = String(decoding: buffer[..<count], as: UTF8.self)
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }) else { return nil }
        let kilobytes = line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.flatMap { Double($0) }
        return kilobytes.map { $0 * 1024 }
    }

    /// Sends `SIGTERM` (for a child that must stop now).
    func terminate() {
        kill(pid, SIGTERM)
    }
}
