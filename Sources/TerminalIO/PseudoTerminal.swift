internal import CNcurses
import Foundation
import Synchronization

/// A pseudo-terminal pair, for running the real ncurses adapter with no real terminal (tig's
/// headless trick): `CursesTerminal` opens the `terminal` side; a test or the benchmark types
/// into the `controller` side and reads what ncurses drew from it. Output is drained on a
/// background thread so ncurses never blocks on a full pty buffer.
///
/// Sendable: the descriptors are fixed; typed bytes go straight to `write(2)`; the drained
/// output sits behind a lock. `close()` (or deinit) stops the drain and closes both sides.
public final class PseudoTerminal: Sendable {
    /// The side a program uses as its terminal.
    public let terminal: Int32
    /// The side that plays the person at the keyboard.
    public let controller: Int32
    private let drain: Drain

    /// The drain thread's state, shared with it (the thread does not keep the terminal alive).
    private final class Drain: Sendable {
        let output = Mutex<[UInt8]>([])
        let stopping = Atomic<Bool>(false)
        let finished = Atomic<Bool>(false)
    }

    public init(rows: Int = 24, columns: Int = 80) throws(TerminalError) {
        var master: Int32 = -1
        var slave: Int32 = -1
        guard atelier_pty_open(&master, &slave, UInt16(clamping: rows), UInt16(clamping: columns)) == 0 else {
            throw TerminalError("cannot open a pseudo-terminal (\(String(cString: strerror(errno))))")
        }
        controller = master
        terminal = slave
        let state = Drain()
        drain = state
        let descriptor = master
        let thread = Thread { Self.drain(descriptor, into: state) }
        thread.start()
    }

    deinit { close() }

    /// Types `text` as the person would (UTF-8 bytes, escape sequences as written).
    public func type(_ text: String) {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.write(controller, $0.baseAddress.map { $0 + offset }, $0.count - offset) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            offset += written
        }
    }

    /// Everything drawn so far, as text (escape sequences included).
    public var transcript: String {
        String(decoding: drain.output.withLock { $0 }, as: UTF8.self)
    }

    /// Sets the window size the terminal side reports.
    public func resize(rows: Int, columns: Int) {
        _ = atelier_pty_resize(terminal, UInt16(clamping: rows), UInt16(clamping: columns))
    }

    /// Stops draining and closes both sides. Safe to call twice.
    public func close() {
        guard !drain.stopping.exchange(true, ordering: .acquiringAndReleasing) else { return }
        while !drain.finished.load(ordering: .acquiring) { usleep(1000) }
        Glibc.close(terminal)
        Glibc.close(controller)
    }

    private static func drain(_ controller: Int32, into state: Drain) {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !state.stopping.load(ordering: .acquiring) {
            var poller = pollfd(fd: controller, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 20) > 0 else { continue }
            let count = buffer.withUnsafeMutableBytes { Glibc.read(controller, $0.baseAddress, $0.count) }
            if count > 0 {
                state.output.withLock { $0.append(contentsOf: buffer[0..<count]) }
            } else if count < 0 && errno != EINTR && errno != EAGAIN {
                usleep(5000)
            }
        }
        state.finished.store(true, ordering: .releasing)
    }
}
