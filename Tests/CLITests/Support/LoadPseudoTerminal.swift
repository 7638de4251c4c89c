import Foundation
import Synchronization

/// A pseudo-terminal the load suite owns: the child gets the terminal side as its stdin,
/// stdout and stderr; a dedicated `Thread` (never the cooperative pool) reads the controller
/// side, keeps the last few MB of output and watches for one needle at a time, stamping the
/// moment its bytes arrive. Reading can be paused to play a terminal that stops reading.
///
/// Sendable: descriptors are fixed, the reader's state sits behind a `Mutex`. Any task may call it.
final class LoadPseudoTerminal: Sendable {
    let controller: Int32
    let terminal: Int32
    private let state = Mutex(ReaderState())
    private let stopping = Atomic<Bool>(false)
    private let paused = Atomic<Bool>(false)
    private let finished = Atomic<Bool>(false)

    struct ReaderState {
        /// Bytes kept (the tail of everything read) and the absolute offset of `kept[0]`.
        var kept: [UInt8] = []
        var base = 0
        var total = 0
        var needle: [UInt8] = []
        var needleFrom = 0
        var foundAt: Date?
    }

    init(rows: Int, columns: Int) throws {
        // posix_openpt and friends hide behind _XOPEN_SOURCE in Swift's Glibc: /dev/ptmx with
        // the Linux ioctls TIOCSPTLCK (unlock) and TIOCGPTN (number) does the same.
        let master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        var unlock: Int32 = 0
        var number: UInt32 = 0
        guard master >= 0, ioctl(master, UInt(0x4004_5431), &unlock) == 0, ioctl(master, UInt(0x8004_5430), &number) == 0 else {
            throw LoadError("cannot open a pseudo-terminal: errno \(errno)")
        }
        let slave = open("/dev/pts/\(number)", O_RDWR | O_NOCTTY)
        guard slave >= 0 else { throw LoadError("cannot open /dev/pts/\(number): errno \(errno)") }
        controller = master
        terminal = slave
        setSize(rows: rows, columns: columns)
        let thread = Thread { [self] in readLoop() }
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// Sets the window size (TIOCSWINSZ on the controller side).
    func setSize(rows: Int, columns: Int) {
        var size = winsize(ws_row: UInt16(rows), ws_col: UInt16(columns), ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(controller, UInt(TIOCSWINSZ), &size)
    }

    /// Writes bytes as the person at the keyboard.
    func type(_ text: String) {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { write(controller, $0.baseAddress.map { $0 + offset }, $0.count - offset) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            offset += written
        }
    }

    /// Stops (true) or resumes (false) reading the controller side.
    func pauseReading(_ pause: Bool) { paused.store(pause, ordering: .releasing) }

    /// Bytes read so far (absolute count).
    var totalRead: Int { state.withLock { $0.total } }

    /// Starts watching for `needle` in bytes read after absolute offset `from` (default: now).
    func watch(_ needle: String, from: Int? = nil) {
        state.withLock {
            $0.needle = Array(needle.utf8)
            $0.needleFrom = from ?? $0.total
            $0.foundAt = nil
            Self.search(&$0)
        }
    }

    /// When the watched needle arrived, or nil.
    var foundAt: Date? { state.withLock { $0.foundAt } }

    /// Polls (every 2 ms, on the calling task) until the needle arrives; nil after `timeout`.
    func waitForNeedle(timeout: Double) async -> Date? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let found = foundAt { return found }
            try? await Task.sleep(nanoseconds: 2_000_000)
        }
        return foundAt
    }

    /// The kept output after absolute offset `from` (or all that is kept), as text.
    func text(from: Int = 0) -> String {
        state.withLock { current in
            let start = max(0, from - current.base)
            guard start < current.kept.count else { return "" }
            return String(decoding: current.kept[start...], as: UTF8.self)
        }
    }

    /// Stops the reader and closes both sides. Call once, when the child is gone.
    func close() async {
        stopping.store(true, ordering: .releasing)
        while !finished.load(ordering: .acquiring) { try? await Task.sleep(nanoseconds: 5_000_000) }
        Glibc.close(terminal)
        Glibc.close(controller)
    }

    private static func search(_ current: inout ReaderState) {
        guard current.foundAt == nil, !current.needle.isEmpty else { return }
        let start = max(current.needleFrom - current.base, 0)
        let needle = current.needle
        guard current.kept.count - start >= needle.count else { return }
        var index = start
        let last = current.kept.count - needle.count
        while index <= last {
            if current.kept[index] == needle[0] && Array(current.kept[index..<index + needle.count]) == needle {
                current.foundAt = Date()
                return
            }
            index += 1
        }
        // Nothing yet: later searches start where a match could still begin.
        current.needleFrom = current.base + max(start, last + 1)
    }

    private func readLoop() {
        var buffer = [UInt8](repeating: 0, count: 65536)
        let limit = 8 << 20
        while !stopping.load(ordering: .acquiring) {
            if paused.load(ordering: .acquiring) {
                usleep(2000)
                continue
            }
            var poller = pollfd(fd: controller, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 20) > 0 else { continue }
            let count = buffer.withUnsafeMutableBytes { read(controller, $0.baseAddress, $0.count) }
            if count > 0 {
                state.withLock { current in
                    current.kept.append(contentsOf: buffer[0..<count])
                    current.total += count
                    if current.kept.count > limit {
                        let drop = current.kept.count - limit / 2
                        current.kept.removeFirst(drop)
                        current.base += drop
                    }
                    Self.search(&current)
                }
            } else if count < 0 && errno != EINTR && errno != EAGAIN {
                usleep(5000)
            }
        }
        finished.store(true, ordering: .releasing)
    }
}

/// A load-suite failure with its reason.
struct LoadError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
