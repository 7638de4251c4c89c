import Foundation

extension FakeComfyCore {
    // MARK: WebSocket

    func webSocket(_ request: HTTPServerRequest, _ writer: HTTPServerResponseWriter) {
        if state.withLock({ $0.faults.refuseWebSocket }) {
            writer.respond(status: 404, contentType: "text/plain; charset=utf-8", body: Array("404: Not Found".utf8))
            return
        }
        guard request.header("Upgrade")?.lowercased() == "websocket", request.header("Sec-WebSocket-Version") == "13",
              let key = request.header("Sec-WebSocket-Key"), !key.isEmpty else {
            writer.respond(status: 400, contentType: "text/plain; charset=utf-8", body: Array("Bad Request: not a WebSocket upgrade".utf8))
            return
        }
        let clientID = request.query["clientId"].flatMap { $0.isEmpty ? nil : $0 } ?? UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let head = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: upgrade\r\n"
            + "Sec-WebSocket-Accept: \(FakeWebSocketPeer.accept(for: key))\r\nDate: \(Date())\r\nServer: Python/3.11 aiohttp/3.14.5\r\n\r\n"
        let peer = FakeWebSocketPeer(clientID: clientID, writer: writer)
        // Registered in the same critical section as the 101 is written: a client that submits
        // as soon as its handshake completes must not lose its job's first events, and no
        // event may be written before the 101.
        let remaining = state.withLock { state -> Int? in
            guard writer.writeRaw(Array(head.utf8)) else { return nil }
            state.peers[clientID] = peer
            state.lastPeers[clientID] = peer
            return state.queueRemaining
        }
        guard let remaining else { return }
        peer.send(text: FakeComfyJSON.object([("type", "status"), ("data", .object([
            ("status", .object([("exec_info", .object([("queue_remaining", .int(Int64(remaining)))]))])),
            ("sid", .string(clientID)),
        ]))]).text)
        peer.readLoop(isStopped: { self.isStopped })
        state.withLock { state in
            if state.peers[clientID] === peer { state.peers[clientID] = nil }
        }
    }

    /// `status` to every socket.
    func broadcastStatus() {
        let (peers, remaining) = state.withLock { (Array($0.peers.values), $0.queueRemaining) }
        let message = FakeComfyJSON.object([("type", "status"), ("data", .object([
            ("status", .object([("exec_info", .object([("queue_remaining", .int(Int64(remaining)))]))])),
        ]))]).text
        for peer in peers { peer.send(text: message) }
    }
}
