import Glibc
import Synchronization

extension LoopbackHTTPServer {
    /// A listener on 127.0.0.1 whose accept queue is full, so that a further connect is never
    /// answered (its SYN is dropped) and hangs until the client's connect timeout. Made by
    /// listening with a backlog of 0 and never accepting, then filling the queue with local
    /// connections until one does not complete within 200 ms. Loopback only.
    /// `close` releases the listener and the filler sockets; it is idempotent.
    /// Throws when the queue could not be filled (the kernel kept accepting).
    public static func blackHole() throws -> (url: String, close: @Sendable () -> Void) {
        let (listenFD, port) = try SocketIO.listenLoopback(backlog: 0)
        var fillers: [Int32] = []
        func closeAll() {
            for fd in fillers { Glibc.close(fd) }
            Glibc.close(listenFD)
        }
        for _ in 0..<16 {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue | SOCK_NONBLOCK.rawValue), 0)
            guard fd >= 0 else { break }
            fillers.append(fd)
            var address = SocketIO.loopbackAddress(port: UInt16(port))
            let rc = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            if rc == 0 { continue }
            guard errno == EINPROGRESS else {
                closeAll()
                throw LoopbackServerError.system("connect", errno)
            }
            var entry = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            if poll(&entry, 1, 200) == 0 {
                let holder = BlackHoleHolder(descriptors: fillers + [listenFD])
                return ("http://127.0.0.1:\(port)/", { holder.close() })
            }
        }
        closeAll()
        throw LoopbackServerError.system("fill accept queue", EAGAIN)
    }
}

/// Owns the black hole's descriptors and closes them once. Thread-safe.
private final class BlackHoleHolder: Sendable {
    private let descriptors: Mutex<[Int32]>

    init(descriptors: [Int32]) { self.descriptors = Mutex(descriptors) }

    deinit { close() }

    func close() {
        let fds = descriptors.withLock { fds in
            defer { fds = [] }
            return fds
        }
        for fd in fds { Glibc.close(fd) }
    }
}
