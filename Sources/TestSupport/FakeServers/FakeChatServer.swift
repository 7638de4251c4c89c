/// What the three fake LLM servers share: a loopback HTTP server, a `FakeScript`, and
/// conveniences over both. Every member is thread-safe. A server stops when `stop()` is
/// called or when it is released (its handler holds no reference back to it).
public protocol FakeChatServer: AnyObject, Sendable {
    /// The scripting state: queue, default behaviour, request log.
    var script: FakeScript { get }
    /// The underlying loopback server (port, counters).
    var httpServer: LoopbackHTTPServer { get }
    /// The base URL a client is configured with (`…/v1` for the OpenAI-compatible fake).
    var baseURL: String { get }
}

extension FakeChatServer {
    /// The port the kernel assigned.
    public var port: Int { httpServer.port }

    /// `http://127.0.0.1:<port>`, without any `/v1`.
    public var rootURL: String { httpServer.baseURL }

    /// Queues `behaviour` for the next `times` requests on `route`.
    public func enqueue(_ behaviour: FakeBehaviour, times: Int = 1, route: FakeRoute = .chat) {
        script.enqueue(behaviour, times: times, route: route)
    }

    /// The behaviour for chat requests with nothing queued.
    public var defaultBehaviour: FakeBehaviour {
        get { script.defaultBehaviour }
        set { script.defaultBehaviour = newValue }
    }

    /// Every request received so far, oldest first.
    public var requests: [FakeRequestRecord] { script.requests }

    /// Requests received so far (counted by the HTTP server, malformed ones included).
    public var requestCount: Int { httpServer.requestCount }

    /// Connections accepted and not yet closed.
    public var openConnectionCount: Int { httpServer.openConnectionCount }

    /// Closes the listener and every connection; streams in progress stop at their next write.
    public func stop() { httpServer.stop() }

    /// Waits (polling every 10 ms) until at least `count` requests were logged; false on timeout.
    public func waitForRequests(_ count: Int, timeout: Double = 5) async -> Bool {
        await poll(timeout: timeout) { script.requests.count >= count }
    }

    /// Waits until no connection is open (every stream's thread has finished); false on timeout.
    public func waitUntilNoOpenConnections(timeout: Double = 5) async -> Bool {
        await poll(timeout: timeout) { httpServer.openConnectionCount == 0 }
    }

    private func poll(timeout: Double, _ condition: () -> Bool) async -> Bool {
        let deadline = SocketIO.monotonicSeconds() + timeout
        while !condition() {
            guard SocketIO.monotonicSeconds() < deadline else { return false }
            try? await Task.sleep(nanoseconds: 10_000_000)
        }
        return true
    }
}
