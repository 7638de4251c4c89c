import Glibc

/// Thin wrappers over the POSIX socket calls the loopback servers use: every call retries
/// `EINTR`, sends never raise SIGPIPE (`MSG_NOSIGNAL`), and failures come back as values.
/// Stateless; callable from any thread (each call acts only on the descriptor it is given).
enum SocketIO {
    /// A TCP socket bound to 127.0.0.1 on `port` (0: the kernel picks) and listening.
    static func listenLoopback(port: UInt16 = 0, backlog: Int32) throws(LoopbackServerError) -> (fd: Int32, port: Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .system("socket", errno) }
        var one: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = loopbackAddress(port: port)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else {
            let code = errno
            close(fd)
            throw .system("bind", code)
        }
        guard listen(fd, backlog) == 0 else {
            let code = errno
            close(fd)
            throw .system("listen", code)
        }
        guard let actual = localPort(fd) else {
            let code = errno
            close(fd)
            throw .system("getsockname", code)
        }
        return (fd, actual)
    }

    /// 127.0.0.1:`port` as a `sockaddr_in`.
    static func loopbackAddress(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr = in_addr(s_addr: UInt32(0x7f00_0001).bigEndian)
        return address
    }

    /// The local port a socket is bound to.
    static func localPort(_ fd: Int32) -> Int? {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let rc = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard rc == 0 else { return nil }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Turns off Nagle so that each `send` leaves as its own segment.
    static func setNoDelay(_ fd: Int32) {
        var one: Int32 = 1
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    /// Sends every byte, looping over partial sends. False once the peer has gone or on any error.
    static func sendAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return send(fd, base + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
            }
            if sent < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += sent
        }
        return true
    }

    /// Receives up to `maximum` bytes. Empty at EOF, nil on error.
    static func receive(_ fd: Int32, maximum: Int = 65_536) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: maximum)
        while true {
            let count = buffer.withUnsafeMutableBytes { raw in recv(fd, raw.baseAddress, raw.count, 0) }
            if count < 0 {
                if errno == EINTR { continue }
                return nil
            }
            return Array(buffer[0..<count])
        }
    }

    /// Waits up to `milliseconds` for the descriptor to become readable (or hung up).
    /// Returns the `revents`, 0 on timeout.
    static func waitReadable(_ fd: Int32, milliseconds: Int32) -> Int16 {
        var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        while true {
            let rc = poll(&entry, 1, milliseconds)
            if rc < 0 && errno == EINTR { continue }
            return rc > 0 ? entry.revents : 0
        }
    }

    /// Whether the peer has closed or reset the connection, without consuming any data.
    /// `pendingData` tells whether unread bytes are waiting (so polling for input would spin).
    static func peerState(_ fd: Int32) -> (closed: Bool, pendingData: Bool) {
        let events = waitReadable(fd, milliseconds: 0)
        if events & Int16(POLLERR | POLLHUP | POLLNVAL) != 0 { return (true, false) }
        guard events & Int16(POLLIN) != 0 else { return (false, false) }
        var byte: UInt8 = 0
        while true {
            let count = recv(fd, &byte, 1, Int32(MSG_PEEK) | Int32(MSG_DONTWAIT))
            if count > 0 { return (false, true) }
            if count == 0 { return (true, false) }
            if errno == EINTR { continue }
            return (errno != EAGAIN && errno != EWOULDBLOCK, false)
        }
    }

    /// Seconds on the monotonic clock, for deadlines.
    static func monotonicSeconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}

/// Why a loopback server could not be set up: the failing call and its errno.
public enum LoopbackServerError: Error, Sendable, CustomStringConvertible {
    case system(String, Int32)

    public var description: String {
        switch self {
        case .system(let call, let code):
            return "\(call) failed: \(String(cString: strerror(code))) (errno \(code))"
        }
    }
}
