import Foundation
import TestSupport
import Testing

/// Stalls, keep-alives and endless bodies: the fake waits or writes until the client leaves
/// or the server stops, and no connection thread is left behind.
extension FakeServersSerial {
@Suite struct FakeServersStallTests {
    static let anthropicHeaders = FakeServersFaultTests.anthropicHeaders
    static let anthropicBody = FakeServersFaultTests.anthropicBody
    static let openAIBody = FakeServersFaultTests.openAIBody
    static let ollamaBody = FakeServersFaultTests.ollamaBody

    static func openAI(_ behaviour: FakeBehaviour) throws -> RawResponse {
        try FakeServersFaultTests.openAI(behaviour)
    }

    @Test func stallEndsWhenTheClientLeaves() async throws {
        let server = try FakeOpenAIServer(defaultBehaviour: .generated(tokens: 10).stalling(afterTokens: 2, for: .untilClientLeaves))
        let connection = try RawConnection(port: server.port)
        try connection.sendRequest("POST", "/v1/chat/completions", body: Self.openAIBody)
        _ = try RawResponse.readHead(connection)
        // Role chunk and two content chunks, then nothing.
        while RawHTTP.sseData(connection.buffer).count < 3 {
            guard connection.receiveMore() else { break }
        }
        #expect(await server.waitForRequests(1))
        #expect(server.openConnectionCount == 1)
        try await Task.sleep(nanoseconds: 200_000_000)
        connection.receiveMoreIfReady()
        #expect(RawHTTP.sseData(connection.buffer).count == 3)
        connection.shutdownBoth()
        #expect(await server.waitUntilNoOpenConnections(timeout: 5))
    }

    @Test func timedStallSendsKeepAlives() throws {
        let start = Date()
        let response = try Self.openAI(FakeBehaviour.reply("a b").stalling(afterTokens: 1, for: .seconds(0.5), keepAliveEvery: 0.2))
        #expect(Date().timeIntervalSince(start) >= 0.45)
        let events = RawHTTP.sseEvents(response.body)
        #expect(events.filter { $0 == [": ping"] }.count == 2)
        let pingIndex = events.firstIndex { $0 == [": ping"] } ?? 0
        #expect(pingIndex == 2)   // after the role chunk and the first piece
        #expect(response.text.hasSuffix("data: [DONE]\n\n"))
    }

    @Test func keepAliveOnlyStreamsAndAnthropicPings() async throws {
        let server = try FakeAnthropicServer(defaultBehaviour: .keepAliveOnly(every: 0.05))
        let connection = try RawConnection(port: server.port)
        try connection.sendRequest("POST", "/v1/messages", headers: Self.anthropicHeaders, body: Self.anthropicBody)
        let head = try RawResponse.readHead(connection)
        #expect(head.status == 200)
        let ping = Array("event: ping".utf8)
        var seen = 0
        while seen < 3, connection.receiveMore() {
            seen = String(decoding: connection.buffer, as: UTF8.self).components(separatedBy: "event: ping").count - 1
        }
        #expect(seen >= 3)
        #expect(RawConnection.find(Array("message_start".utf8), in: connection.buffer) == nil)
        #expect(RawConnection.find(ping, in: connection.buffer) != nil)
        connection.shutdownBoth()
        #expect(await server.waitUntilNoOpenConnections(timeout: 5))
    }

    @Test func endlessStreamStopsWhenTheClientLeavesOrTheServerStops() async throws {
        let server = try FakeOllamaServer(defaultBehaviour: FakeBehaviour.generated(tokens: 3).endless())
        let leaving = try RawConnection(port: server.port)
        try leaving.sendRequest("POST", "/api/chat", body: Self.ollamaBody)
        while leaving.buffer.count < 100_000, leaving.receiveMore() {}
        #expect(leaving.buffer.count >= 100_000)
        leaving.shutdownBoth()
        #expect(await server.waitUntilNoOpenConnections(timeout: 5))

        let staying = try RawConnection(port: server.port)
        try staying.sendRequest("POST", "/api/chat", body: Self.ollamaBody)
        while staying.buffer.count < 10_000, staying.receiveMore() {}
        server.stop()
        while staying.receiveMore() {}
        #expect(staying.closedByPeer)
        #expect(await server.waitUntilNoOpenConnections(timeout: 5))
    }
}
}
