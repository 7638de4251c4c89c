import Foundation
import Synchronization

/// A fake ComfyUI on 127.0.0.1 that follows `protocols.md` §4 and the recorded real
/// answers: `/prompt` (validation with the exact 200/400 shapes, client-chosen `prompt_id`),
/// `/ws` (status with `sid`, then each job's events to its client), `/history`, `/view`
/// (real PNG/WAV/MP4 bytes, with ComfyUI's 400/403/404 guards), `/queue`, `/interrupt`,
/// `/object_info`, `/models`, `/system_stats`, `/upload/image`; every route also under
/// `/api`; 403 for a foreign `Origin`. Faults are scripted with `update` (out of memory,
/// a dropped socket, hostile file names, stalls, a refused socket...), `setCheckpoints`
/// (a missing model), and `stop()` / `restart()` (gone, then back on the same port, with its
/// queue and history lost as a real restart loses them).
/// Thread-safe: every member may be called from any thread. Stops when released.
public final class FakeComfyServer: Sendable {
    private let core: FakeComfyCore
    private let server: Mutex<LoopbackHTTPServer?>
    /// The port, fixed for the fake's life (restarts reuse it).
    public let port: Int
    /// Where the fake writes its output, input and temp files (a fresh temporary folder).
    public var outputDirectory: String { core.outputDirectory }

    public init() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fake-comfy-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let core = FakeComfyCore(outputDirectory: directory)
        let http = try LoopbackHTTPServer { request, writer in core.handle(request, writer) }
        self.core = core
        self.port = http.port
        self.server = Mutex(http)
        core.startWorker()
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(atPath: core.outputDirectory)
    }

    /// "http://127.0.0.1:<port>".
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Goes away: closes the listener and every connection; connections are refused.
    public func stop() {
        core.setStopped(true)
        core.stopWorker()
        let http = server.withLock { server -> LoopbackHTTPServer? in
            defer { server = nil }
            return server
        }
        http?.stop()
    }

    /// Comes back on the same port, with an empty queue and history (as after a restart).
    public func restart() throws {
        stop()
        core.state.withLock { $0.forgetJobs() }
        var lastError: Error?
        for _ in 0..<50 {
            do {
                let http = try LoopbackHTTPServer(port: port) { [core] request, writer in core.handle(request, writer) }
                core.setStopped(false)
                server.withLock { $0 = http }
                core.startWorker()
                return
            } catch {
                lastError = error
                usleep(20_000)
            }
        }
        throw lastError ?? LoopbackServerError.system("bind", EADDRINUSE)
    }

    /// Forgets the queue and history as a restart does, but keeps listening and keeps every
    /// socket open (and silent about the lost jobs): a server that lost its jobs behind a
    /// half-open socket. A job held by `silenceJobs` is dropped.
    public func forgetJobs() {
        core.state.withLock { $0.forgetJobs(keepingSockets: true) }
    }

    /// Queues a prompt as `POST /prompt` would for a client that has since gone (no socket
    /// follows it), keeping the outputs that validate; returns its prompt id.
    @discardableResult
    public func enqueue(prompt graph: FakeComfyJSON, clientID: String? = nil, promptID: String = UUID().uuidString.lowercased()) -> String {
        let outputs = FakePromptValidator.validate(graph, catalog: core.state.withLock { $0.catalog }).outputs
        core.state.withLock { state in
            state.number += 1
            var extra: [(String, FakeComfyJSON)] = []
            if let clientID { extra.append(("client_id", .string(clientID))) }
            state.pending.append(FakeJob(number: state.number, promptID: promptID, graph: graph, extraData: .object(extra),
                                         clientID: clientID, outputs: outputs))
        }
        core.broadcastStatus()
        return promptID
    }

    /// Changes the scripted faults.
    public func update(_ change: (inout FakeComfyFaults) -> Void) {
        core.state.withLock { change(&$0.faults) }
    }

    /// The installed checkpoints (an empty list: none installed).
    public func setCheckpoints(_ names: [String]) {
        core.state.withLock { $0.checkpoints = names }
    }

    // MARK: Observations

    /// Every `/prompt` body received, in order.
    public var promptBodies: [FakeComfyJSON] { core.state.withLock { $0.promptBodies } }
    /// Every `/interrupt`'s `prompt_id` (nil for a global interrupt).
    public var interrupts: [String?] { core.state.withLock { $0.interrupts } }
    /// Prompt ids removed with `POST /queue {"delete": [...]}`.
    public var deletedFromQueue: [String] { core.state.withLock { $0.deleted } }
    /// Every request received, in order.
    public var requests: [FakeComfyRequest] { core.state.withLock { $0.requests } }
    /// The history entry of a prompt, nil while it is queued or running.
    public func history(_ promptID: String) -> FakeComfyJSON? {
        core.state.withLock { state in state.history.first { $0.0 == promptID }?.1 }
    }
    /// Pending prompt ids in queue order.
    public var pendingPromptIDs: [String] {
        core.state.withLock { $0.pending.sorted { $0.number < $1.number }.map(\.promptID) }
    }
    /// The running prompt id.
    public var runningPromptID: String? { core.state.withLock { $0.running?.promptID } }

    // MARK: WebSocket hooks (for framing tests)

    /// Waits (polling, without holding a thread) until a socket with this client id is connected.
    public func waitForWebSocket(clientID: String, timeout: Double = 5) async -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if core.state.withLock({ $0.peers[clientID] }) != nil { return true }
            try? await Task.sleep(nanoseconds: 2_000_000)
        }
        return false
    }

    /// Every frame the client with this id sent (unmasked, with `masked` telling how it came).
    public func webSocketFrames(from clientID: String) -> [FakeWebSocketFrame] {
        core.state.withLock { $0.lastPeers[clientID] }?.received ?? []
    }

    /// Sends frames to a client as given. False when it is not connected.
    @discardableResult
    public func sendWebSocket(_ frames: [FakeWebSocketFrame], to clientID: String) -> Bool {
        guard let peer = core.state.withLock({ $0.peers[clientID] }) else { return false }
        return frames.allSatisfy { peer.send($0) }
    }

    /// Sends raw bytes to a client (broken or masked frames).
    @discardableResult
    public func sendWebSocketRaw(_ bytes: [UInt8], to clientID: String) -> Bool {
        guard let peer = core.state.withLock({ $0.peers[clientID] }) else { return false }
        return peer.sendRaw(bytes)
    }

    /// Drops a client's TCP connection without a close frame.
    public func dropWebSocket(clientID: String) {
        let peer = core.state.withLock { state -> FakeWebSocketPeer? in
            defer { state.peers[clientID] = nil }
            return state.peers[clientID]
        }
        peer?.drop()
    }
}
