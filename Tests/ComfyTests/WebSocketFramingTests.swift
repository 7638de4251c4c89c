@testable import Comfy
import Foundation
import Testing
import TestSupport

/// RFC 6455 framing of the client, against the fake server's independent implementation.
@Suite struct WebSocketFramingTests {
    /// A connected socket whose first message (ComfyUI's `status` with `sid`) was read. A
    /// watchdog drops it after 10 s so a broken test cannot hang.
    struct Connected {
        let fake: FakeComfyServer
        let socket: WebSocketConnection
        let id: String
        var iterator: AsyncThrowingStream<WebSocketMessage, Error>.AsyncIterator
        let watchdog: Task<Void, Never>

        mutating func next() async throws -> WebSocketMessage? { try await iterator.next() }

        func finish() {
            watchdog.cancel()
            socket.abort()
        }
    }

    func connect(options: WebSocketConnection.Options = WebSocketConnection.Options()) async throws -> Connected {
        let fake = try FakeComfyServer()
        let id = "ws-\(UUID().uuidString.prefix(8))"
        let socket = try await WebSocketConnection.connect(ComfyEndpoint(fake.baseURL).webSocketURL(clientID: id), options: options)
        let watchdog = Task {
            try? await Task.sleep(for: .seconds(10))
            if !Task.isCancelled { socket.abort() }
        }
        var iterator = socket.messages.makeAsyncIterator()
        let first = try await iterator.next()
        guard case .text(let text)? = first else { throw WebSocketError(.protocolViolation, "no status message") }
        #expect(ComfyServerEvent.decode(text: text) == .status(queueRemaining: 0, sid: id))
        #expect(await fake.waitForWebSocket(clientID: id))
        return Connected(fake: fake, socket: socket, id: id, iterator: iterator, watchdog: watchdog)
    }

    /// The error the next read ends with (an issue is recorded when it does not fail).
    static func failure(_ connected: inout Connected) async -> WebSocketError? {
        do {
            let message = try await connected.next()
            Issue.record("expected the stream to fail, got \(String(describing: message))")
            return nil
        } catch {
            #expect(error is WebSocketError)
            return error as? WebSocketError
        }
    }

    @Test func clientFramesAreMaskedInEveryLengthForm() async throws {
        let connected = try await connect()
        let fakeServer = connected.fake, clientID = connected.id
        defer { connected.finish() }
        let texts = ["hi", String(repeating: "m", count: 300), String(repeating: "L", count: 70_000)]
        for text in texts { try connected.socket.send(text: text) }
        try connected.socket.send(binary: [0, 1, 2, 255])
        #expect(await eventually { fakeServer.webSocketFrames(from: clientID).count == 4 })
        let frames = connected.fake.webSocketFrames(from: connected.id)
        #expect(frames.allSatisfy { $0.masked })
        #expect(frames.prefix(3).map(\.text) == texts)
        #expect(frames[3].opcode == 2 && frames[3].payload == [0, 1, 2, 255])
    }

    @Test func serverFramesOfEveryLengthFormArrive() async throws {
        var connected = try await connect()
        defer { connected.finish() }
        let texts = ["short", String(repeating: "x", count: 126), String(repeating: "y", count: 65_535), String(repeating: "z", count: 65_536)]
        #expect(connected.fake.sendWebSocket(texts.map { FakeWebSocketFrame.text($0) }, to: connected.id))
        for text in texts { #expect(try await connected.next() == .text(text)) }
        #expect(connected.fake.sendWebSocket([FakeWebSocketFrame(opcode: 2, payload: [9, 8, 7])], to: connected.id))
        #expect(try await connected.next() == .binary([9, 8, 7]))
    }

    @Test func fragmentsJoinAndPingsBetweenThemGetPongs() async throws {
        var connected = try await connect()
        let fakeServer = connected.fake, clientID = connected.id
        defer { connected.finish() }
        let frames = [
            FakeWebSocketFrame(fin: false, opcode: 1, payload: Array("Hel".utf8)),
            FakeWebSocketFrame(opcode: 9, payload: Array("p1".utf8)),
            FakeWebSocketFrame(fin: false, opcode: 0, payload: Array("lo ".utf8)),
            FakeWebSocketFrame(opcode: 0, payload: Array("wörld".utf8)),
        ]
        #expect(connected.fake.sendWebSocket(frames, to: connected.id))
        #expect(try await connected.next() == .text("Hello wörld"))
        #expect(await eventually { fakeServer.webSocketFrames(from: clientID).contains { $0.opcode == 10 } })
        let pong = connected.fake.webSocketFrames(from: connected.id).first { $0.opcode == 10 }
        #expect(pong?.payload == Array("p1".utf8) && pong?.masked == true)
    }

    @Test func clientFragmentsAndPings() async throws {
        let connected = try await connect()
        let fakeServer = connected.fake, clientID = connected.id
        defer { connected.finish() }
        try connected.socket.send(frames: [WebSocketFrame(fin: false, opcode: .text, payload: Array("ab".utf8)),
                                           WebSocketFrame(fin: true, opcode: .continuation, payload: Array("cd".utf8))])
        try connected.socket.ping(Array("are you there".utf8))
        #expect(await eventually { fakeServer.webSocketFrames(from: clientID).count == 3 })
        let frames = connected.fake.webSocketFrames(from: connected.id)
        #expect(frames.map(\.opcode) == [1, 0, 9])
        #expect(frames.map(\.fin) == [false, true, true])
        #expect(frames[2].text == "are you there")
    }

    @Test func aServerCloseIsAnsweredAndEndsTheStreamCleanly() async throws {
        var connected = try await connect()
        defer { connected.finish() }
        #expect(connected.fake.sendWebSocket([FakeWebSocketFrame(opcode: 8, payload: [0x03, 0xE8] + Array("bye".utf8))], to: connected.id))
        #expect(try await connected.next() == nil)
        #expect(connected.socket.peerCloseCode == 1000)
        // The fake records the client's answer on its own reader thread: wait for it.
        let fakeServer = connected.fake, clientID = connected.id
        #expect(await eventually { fakeServer.webSocketFrames(from: clientID).contains { $0.opcode == 8 } })
        let close = connected.fake.webSocketFrames(from: connected.id).first { $0.opcode == 8 }
        #expect(close?.payload.prefix(2) == [0x03, 0xE8])
    }

    @Test func theClientsCloseHandshake() async throws {
        var connected = try await connect()
        let fakeServer = connected.fake, clientID = connected.id
        defer { connected.finish() }
        connected.socket.close(code: 1000, reason: "done")
        #expect(try await connected.next() == nil)
        #expect(await eventually { fakeServer.webSocketFrames(from: clientID).contains { $0.opcode == 8 } })
        let close = connected.fake.webSocketFrames(from: connected.id).first { $0.opcode == 8 }
        #expect(close.map { Array($0.payload) } == [0x03, 0xE8] + Array("done".utf8))
        #expect(close?.masked == true)
        #expect(throws: WebSocketError.self) { try connected.socket.send(text: "late") }
    }

    @Test func anAbnormalCloseCodeIsAnError() async throws {
        var connected = try await connect()
        defer { connected.finish() }
        #expect(connected.fake.sendWebSocket([FakeWebSocketFrame(opcode: 8, payload: [0x0F, 0xA0])], to: connected.id))
        let error = await Self.failure(&connected)
        #expect(error?.kind == .closedByPeer && error?.closeCode == 4000)
    }

    @Test func protocolViolationsCloseWithTheRightCode() async throws {
        let cases: [(bytes: [UInt8], code: UInt16)] = [
            (FakeWebSocketFrame.text("masked").encoded(maskKey: [1, 2, 3, 4]), 1002),
            (FakeWebSocketFrame(opcode: 0, payload: Array("orphan".utf8)).encoded(), 1002),
            (FakeWebSocketFrame(opcode: 1, payload: [0xC3, 0x28]).encoded(), 1007),
            (FakeWebSocketFrame(fin: false, opcode: 9, payload: []).encoded(), 1002),
            (FakeWebSocketFrame(opcode: 3, payload: []).encoded(), 1002),
            ([0xC1, 0x00], 1002),
        ]
        for (bytes, code) in cases {
            var connected = try await connect()
            let fakeServer = connected.fake, clientID = connected.id
            #expect(connected.fake.sendWebSocketRaw(bytes, to: connected.id))
            let error = await Self.failure(&connected)
            #expect(error?.closeCode == code)
            #expect(await eventually { fakeServer.webSocketFrames(from: clientID).contains { $0.opcode == 8 } })
            let close = connected.fake.webSocketFrames(from: connected.id).first { $0.opcode == 8 }
            #expect(close.map { UInt16($0.payload[0]) << 8 | UInt16($0.payload[1]) } == code)
            connected.finish()
        }
    }

    @Test func framesAndMessagesOverTheCapAreRefused() async throws {
        var options = WebSocketConnection.Options()
        options.maxFrameBytes = 1000
        options.maxMessageBytes = 1500
        var connected = try await connect(options: options)
        #expect(connected.fake.sendWebSocket([FakeWebSocketFrame.text(String(repeating: "a", count: 1001))], to: connected.id))
        let error = await Self.failure(&connected)
        #expect(error?.kind == .tooLarge && error?.closeCode == 1009)
        connected.finish()

        var fragmented = try await connect(options: options)
        let pieces = [FakeWebSocketFrame(fin: false, opcode: 1, payload: [UInt8](repeating: 98, count: 900)),
                      FakeWebSocketFrame(opcode: 0, payload: [UInt8](repeating: 98, count: 900))]
        #expect(fragmented.fake.sendWebSocket(pieces, to: fragmented.id))
        let second = await Self.failure(&fragmented)
        #expect(second?.kind == .tooLarge)
        fragmented.finish()
    }

    @Test func aDroppedConnectionIsReported() async throws {
        var connected = try await connect()
        defer { connected.finish() }
        connected.fake.dropWebSocket(clientID: connected.id)
        let error = await Self.failure(&connected)
        #expect(error?.kind == .connectionLost)
    }

    @Test func handshakeFailuresAreClear() async throws {
        let fake = try FakeComfyServer()
        fake.update { $0.refuseWebSocket = true }
        let refused = await #expect(throws: WebSocketError.self) {
            _ = try await WebSocketConnection.connect(ComfyEndpoint(fake.baseURL).webSocketURL(clientID: "x"))
        }
        #expect(refused?.kind == .handshakeRejected && refused?.httpStatus == 404)
        #expect(refused?.message.contains("clientId") == false)
        let tls = await #expect(throws: WebSocketError.self) { _ = try await WebSocketConnection.connect("wss://127.0.0.1:1/ws") }
        #expect(tls?.kind == .unsupportedScheme)
        fake.stop()
        let down = await #expect(throws: WebSocketError.self) {
            _ = try await WebSocketConnection.connect(ComfyEndpoint(fake.baseURL).webSocketURL(clientID: "x"))
        }
        #expect(down?.kind == .connectFailed)
    }
}
