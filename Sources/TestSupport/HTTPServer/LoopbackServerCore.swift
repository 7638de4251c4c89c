import Foundation
import Glibc
import Synchronization

/// The shared heart of a `LoopbackHTTPServer`: the listening socket, the table of open
/// connections and the counters. The accept thread and every connection thread hold it;
/// the public server object only forwards to it, so dropping the server can stop it.
/// Invariant: a connection's descriptor is shut down or closed only under `state`'s lock and
/// only while it is in `open`, so a descriptor number reused by the kernel is never touched.
final class LoopbackServerCore: Sendable {
    typealias Handler = @Sendable (HTTPServerRequest, HTTPServerResponseWriter) -> Void

    private struct State {
        var stopped = false
        var open: [UInt64: Int32] = [:]
        var nextConnectionID: UInt64 = 0
        var requests = 0
    }

    let listenFD: Int32
    let port: Int
    private let handler: Handler
    private let state = Mutex(State())

    init(port: UInt16 = 0, handler: @escaping Handler) throws(LoopbackServerError) {
        let (fd, port) = try SocketIO.listenLoopback(port: port, backlog: 128)
        self.listenFD = fd
        self.port = port
        self.handler = handler
    }

    var isStopped: Bool { state.withLock { $0.stopped } }
    var openConnectionCount: Int { state.withLock { $0.open.count } }
    var requestCount: Int { state.withLock { $0.requests } }

    func startAccepting() {
        let thread = Thread { [self] in acceptLoop() }
        thread.name = "loopback-http-accept-\(port)"
        thread.start()
    }

    /// Stops accepting and shuts down every open connection; their threads close them.
    func stop() {
        state.withLock { state in
            guard !state.stopped else { return }
            state.stopped = true
            _ = shutdown(listenFD, Int32(SHUT_RDWR))
            for fd in state.open.values { _ = shutdown(fd, Int32(SHUT_RDWR)) }
        }
    }

    /// Shuts down one connection at once (used by `abort()`), if it is still open.
    func shutdownConnection(_ id: UInt64) {
        state.withLock { state in
            if let fd = state.open[id] { _ = shutdown(fd, Int32(SHUT_RDWR)) }
        }
    }

    private func acceptLoop() {
        defer { close(listenFD) }
        while !isStopped {
            // Poll with a timeout as well, in case shutdown() does not wake accept().
            guard SocketIO.waitReadable(listenFD, milliseconds: 200) != 0 else { continue }
            let fd = accept(listenFD, nil, nil)
            if fd < 0 {
                if errno == EINTR || errno == EAGAIN || errno == ECONNABORTED { continue }
                return
            }
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            SocketIO.setNoDelay(fd)
            let id: UInt64? = state.withLock { state in
                guard !state.stopped else { return nil }
                state.nextConnectionID += 1
                state.open[state.nextConnectionID] = fd
                return state.nextConnectionID
            }
            guard let id else {
                close(fd)
                return
            }
            let thread = Thread { [self] in serve(fd: fd, id: id) }
            thread.name = "loopback-http-conn-\(id)"
            thread.start()
        }
    }

    private func serve(fd: Int32, id: UInt64) {
        defer {
            state.withLock { state in
                state.open[id] = nil
                close(fd)
            }
        }
        var reader = HTTPRequestReader(fd: fd)
        while !isStopped {
            switch reader.next() {
            case .closed:
                return
            case .malformed(let reason):
                let body = Array("malformed request: \(reason)\n".utf8)
                let head = "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\n"
                    + "Content-Length: \(body.count)\r\nConnection: close\r\n\r\n"
                _ = SocketIO.sendAll(fd, Array(head.utf8) + body)
                return
            case .request(let request, let keepAlive):
                state.withLock { $0.requests += 1 }
                let writer = HTTPServerResponseWriter(
                    fd: fd, connectionID: id, core: self,
                    keepAliveRequested: keepAlive, isHead: request.method == "HEAD")
                handler(request, writer)
                writer.finish()
                let reusable = writer.detach()
                guard reusable else { return }
            }
        }
    }
}
