import Glibc

/// The few POSIX socket calls the WebSocket client needs: resolve and connect with a time
/// limit, send everything, receive, wait. Every call retries `EINTR`; sends never raise
/// SIGPIPE (`MSG_NOSIGNAL`). Stateless; each call acts only on the descriptor it is given,
/// so any thread may call it.
enum TCPSocket {
    /// A connected, blocking TCP socket to `host:port`, trying each resolved address in turn.
    static func connect(host: String, port: Int, timeout: Double, url: String) throws(WebSocketError) -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let host = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        let rc = getaddrinfo(host, String(port), &hints, &list)
        guard rc == 0, let first = list else {
            let reason = rc == 0 ? "no address" : String(cString: gai_strerror(rc))
            throw WebSocketError(.connectFailed, "cannot resolve \(host) for \(url): \(reason)")
        }
        defer { freeaddrinfo(list) }
        var lastError: Int32 = ECONNREFUSED
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let address = entry {
            entry = address.pointee.ai_next
            let fd = socket(address.pointee.ai_family, address.pointee.ai_socktype | Int32(SOCK_CLOEXEC.rawValue), address.pointee.ai_protocol)
            guard fd >= 0 else {
                lastError = errno
                continue
            }
            if connectWithTimeout(fd, address.pointee.ai_addr, address.pointee.ai_addrlen, timeout: timeout, error: &lastError) {
                var one: Int32 = 1
                _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
                return fd
            }
            close(fd)
        }
        let reason = lastError == ETIMEDOUT ? "timed out after \(timeout) s" : String(cString: strerror(lastError))
        throw WebSocketError(.connectFailed, "cannot connect to \(url): \(reason)")
    }

    private static func connectWithTimeout(_ fd: Int32, _ address: UnsafeMutablePointer<sockaddr>?, _ length: socklen_t,
                                           timeout: Double, error: inout Int32) -> Bool {
        let flags = fcntl(fd, F_GETFL)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
        defer { _ = fcntl(fd, F_SETFL, flags) }
        if Glibc.connect(fd, address, length) == 0 { return true }
        guard errno == EINPROGRESS || errno == EINTR else {
            error = errno
            return false
        }
        var entry = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
        let milliseconds = Int32(max(1, min(timeout, 3600) * 1000))
        var rc: Int32
        repeat { rc = poll(&entry, 1, milliseconds) } while rc < 0 && errno == EINTR
        guard rc > 0 else {
            error = rc == 0 ? ETIMEDOUT : errno
            return false
        }
        var soError: Int32 = 0
        var size = socklen_t(MemoryLayout<Int32>.size)
        _ = getsockopt(fd, SOL_SOCKET, SO_ERROR, &soError, &size)
        guard soError == 0 else {
            error = soError
            return false
        }
        return true
    }

    /// Sends every byte. False once the peer has gone or on any error.
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

    /// Up to `maximum` bytes: empty at end of stream, nil on error.
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

    /// Waits up to `milliseconds` for input (or hang-up); true when there is something to read.
    static func waitReadable(_ fd: Int32, milliseconds: Int32) -> Bool {
        var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        while true {
            let rc = poll(&entry, 1, milliseconds)
            if rc < 0 && errno == EINTR { continue }
            return rc > 0
        }
    }

    /// Seconds on the monotonic clock.
    static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}
