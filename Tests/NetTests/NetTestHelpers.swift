import Foundation
import Glibc
import Synchronization
import Testing

/// A one-way signal between a test and a server handler thread: `raise()` from anywhere;
/// handlers block in `wait(seconds:)`, async tests poll with `waitAsync`.
final class Signal: Sendable {
    private let raised = Mutex(false)
    private let semaphore = DispatchSemaphore(value: 0)

    func raise() {
        let first = raised.withLock { raised in
            defer { raised = true }
            return !raised
        }
        if first { semaphore.signal() }
    }

    var isRaised: Bool { raised.withLock { $0 } }

    /// Blocks the calling thread (a handler); true when raised in time.
    func wait(seconds: Double) -> Bool {
        if isRaised { return true }
        let got = semaphore.wait(timeout: .now() + seconds) == .success
        if got { semaphore.signal() }   // stay raised for other waiters
        return got
    }
}

/// A thread-safe counter and value box for handlers.
final class Box<Value: Sendable>: Sendable {
    private let value: Mutex<Value>
    init(_ initial: Value) { value = Mutex(initial) }
    var current: Value { value.withLock { $0 } }
    func update<R: Sendable>(_ body: @Sendable (inout Value) -> R) -> R { value.withLock { body(&$0) } }
}

/// Polls `condition` every 10 ms until it holds or `seconds` pass; returns whether it held.
func eventually(within seconds: Double = 5, _ condition: @Sendable () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + .seconds(seconds)
    while ContinuousClock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return condition()
}

/// Seconds elapsed since `start`.
func elapsed(since start: ContinuousClock.Instant) -> Double {
    let duration = start.duration(to: .now)
    return Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

/// A loopback port with nothing listening: bound (not listening) then closed.
func closedLoopbackPort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    try #require(fd >= 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr = in_addr(s_addr: UInt32(0x7f00_0001).bigEndian)
    let bound = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    try #require(bound == 0)
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    return Int(UInt16(bigEndian: address.sin_port))
}

/// File descriptors open in this process.
func openDescriptorCount() -> Int {
    (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? -1
}

/// TCP sockets of this process whose local or remote port is `port` (client and server
/// ends of loopback connections, and listeners), from /proc/net/tcp matched by inode.
func ownSocketCount(port: Int) -> Int {
    let fdDirectory = "/proc/self/fd"
    let links = (try? FileManager.default.contentsOfDirectory(atPath: fdDirectory)) ?? []
    var inodes = Set<String>()
    for link in links {
        if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: fdDirectory + "/" + link),
           target.hasPrefix("socket:[") {
            inodes.insert(String(target.dropFirst(8).dropLast()))
        }
    }
    guard let table = try? String(contentsOfFile: "/proc/net/tcp", encoding: .utf8) else { return -1 }
    let hexPort = String(format: "%04X", port)
    var count = 0
    for line in table.split(separator: "\n").dropFirst() {
        let fields = line.split(separator: " ")
        guard fields.count > 9, inodes.contains(String(fields[9])) else { continue }
        if fields[1].hasSuffix(":" + hexPort) || fields[2].hasSuffix(":" + hexPort) { count += 1 }
    }
    return count
}

/// A minimal blocking TCP client for testing the server byte by byte.
final class RawClient {
    let fd: Int32

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(fd >= 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr = in_addr(s_addr: UInt32(0x7f00_0001).bigEndian)
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        try #require(rc == 0)
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(fd) }

    func send(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// Reads until `marker` has been seen `occurrences` times, EOF, or the 5 s receive timeout.
    func read(until marker: String, occurrences: Int = 1) -> String {
        var text = ""
        var buffer = [UInt8](repeating: 0, count: 4096)
        while text.components(separatedBy: marker).count - 1 < occurrences {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            text += String(decoding: buffer[0..<count], as: UTF8.self)
        }
        return text
    }

    /// Reads until the server closes (or 5 s pass).
    func readToEnd() -> String { read(until: "\u{0}never\u{0}") }
}
