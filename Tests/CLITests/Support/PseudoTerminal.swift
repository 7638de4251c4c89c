import Foundation
import Glibc

/// A pseudo-terminal pair for running the real binary with a terminal as its standard
/// output or error. The slave side is put in raw mode (no output processing: the master
/// reads exactly the bytes the child wrote, with no CR added before LF), sized 80x24, and
/// handed to the child; a dedicated reader thread (never a cooperative-pool thread) drains
/// the master so the child never blocks on a full terminal, until every slave descriptor
/// is closed. `posix_openpt`, `grantpt`, `unlockpt` and `ptsname_r` are not visible through
/// Swift's Glibc module, so they are looked up in the C library by name.
///
/// Used by one test: make it, pass `slave` to the child, call `closeSlave()` once the child
/// runs, then `waitForEnd` and read `bytes`.
final class PseudoTerminal: @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let master: Int32
    private(set) var slave: Int32
    let slavePath: String

    private let lock = NSLock()
    // Guarded by `lock`.
    private var received: [UInt8] = []
    private var ended = false

    private typealias DescriptorCall = @convention(c) (Int32) -> Int32
    private typealias NameCall = @convention(c) (Int32, UnsafeMutablePointer<CChar>?, Int) -> Int32

    init(columns: UInt16 = 80, rows: UInt16 = 24) throws {
        guard let openMaster = Self.libc("posix_openpt", DescriptorCall.self),
              let grant = Self.libc("grantpt", DescriptorCall.self),
              let unlock = Self.libc("unlockpt", DescriptorCall.self),
              let name = Self.libc("ptsname_r", NameCall.self) else {
            throw Failure(description: "the C library lacks the pseudo-terminal calls")
        }
        let master = openMaster(O_RDWR | O_NOCTTY)
        guard master >= 0 else { throw Failure(description: "posix_openpt: \(String(cString: strerror(errno)))") }
        var buffer = [CChar](repeating: 0, count: 256)
        guard grant(master) == 0, unlock(master) == 0, name(master, &buffer, buffer.count) == 0 else {
            Glibc.close(master)
            throw Failure(description: "cannot unlock the pseudo-terminal: \(String(cString: strerror(errno)))")
        }
        let path = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let slave = Glibc.open(path, O_RDWR | O_NOCTTY)
        guard slave >= 0 else {
            Glibc.close(master)
            throw Failure(description: "cannot open \(path): \(String(cString: strerror(errno)))")
        }
        var settings = termios()
        _ = tcgetattr(slave, &settings)
        cfmakeraw(&settings)
        _ = tcsetattr(slave, TCSANOW, &settings)
        var size = winsize(ws_row: rows, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(slave, UInt(TIOCSWINSZ), &size)
        _ = fcntl(master, F_SETFD, FD_CLOEXEC)
        self.master = master
        self.slave = slave
        self.slavePath = path
        let thread = Thread { [self] in self.drain() }
        thread.name = "pty-reader"
        thread.start()
    }

    deinit {
        closeSlave()
        Glibc.close(master)
    }

    /// The slave as a file handle for `Process` (not closed by the handle).
    var slaveHandle: FileHandle { FileHandle(fileDescriptor: slave, closeOnDealloc: false) }

    /// Closes this process's copy of the slave, so the master sees the end once the child
    /// (and anything it started) closes its copies.
    func closeSlave() {
        lock.withLock {
            if slave >= 0 {
                Glibc.close(slave)
                slave = -1
            }
        }
    }

    /// Everything read from the master so far.
    var bytes: [UInt8] { lock.withLock { received } }

    /// True once every slave descriptor is closed and the master is drained.
    var isEnded: Bool { lock.withLock { ended } }

    /// Polls (with `Task.sleep`) until the terminal ends or `timeout` seconds pass.
    func waitForEnd(timeout: Double) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(timeout)
        while !isEnded && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
        return isEnded
    }

    /// The reader thread: poll, read, append, until the slave side is gone (EIO or EOF).
    private func drain() {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            var entry = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            let ready = poll(&entry, 1, 100)
            if ready < 0 {
                if errno == EINTR { continue }
                break
            }
            if ready == 0 { continue }
            let count = chunk.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
            if count > 0 {
                lock.withLock { received.append(contentsOf: chunk[0..<count]) }
                continue
            }
            if count < 0 && (errno == EINTR || errno == EAGAIN) { continue }
            break   // EIO: no slave is open any more; 0: end of file
        }
        lock.withLock { ended = true }
    }

    private static func libc<T>(_ name: String, _ type: T.Type) -> T? {
        guard let symbol = dlsym(nil, name) else { return nil }
        return unsafeBitCast(symbol, to: type)
    }
}
