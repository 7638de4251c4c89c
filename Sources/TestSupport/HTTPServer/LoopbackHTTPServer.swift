/// A real HTTP/1.1 server on 127.0.0.1 (port chosen by the kernel) for tests and fakes, on
/// POSIX sockets with no Foundation networking. A background thread accepts; each connection
/// gets its own thread, which reads requests (keep-alive and `Connection: close` both
/// honoured) and calls `handler` synchronously with a writer for the response.
/// Thread-safe: every member may be called from any thread. `stop()` is idempotent and
/// also runs when the server is released.
public final class LoopbackHTTPServer: Sendable {
    private let core: LoopbackServerCore

    /// Binds, listens and starts accepting. `port` 0 lets the kernel choose; a fixed port
    /// lets a test restart a server where it was. Throws when the socket cannot be set up.
    public init(port: Int = 0, handler: @escaping @Sendable (HTTPServerRequest, HTTPServerResponseWriter) -> Void) throws {
        core = try LoopbackServerCore(port: UInt16(clamping: port), handler: handler)
        core.startAccepting()
    }

    deinit { core.stop() }

    /// The port the kernel assigned.
    public var port: Int { core.port }

    /// "http://127.0.0.1:<port>".
    public var baseURL: String { "http://127.0.0.1:\(core.port)" }

    /// Closes the listener and every open connection (their handlers see `clientDisconnected`).
    public func stop() { core.stop() }

    /// Connections accepted and not yet closed by the server.
    public var openConnectionCount: Int { core.openConnectionCount }

    /// Requests received so far (counted before the handler runs).
    public var requestCount: Int { core.requestCount }
}
