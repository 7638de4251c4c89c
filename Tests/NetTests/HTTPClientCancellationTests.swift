import Foundation
import Net
import Testing
import TestSupport

/// Each way of stopping a transfer closes its connection promptly: the server's handler sees
/// the client leave and its connection count drops.
@Suite struct HTTPClientCancellationTests {
    /// A server that streams a tick every 20 ms (or, when `idle`, one tick and then silence)
    /// until the client leaves, then raises `left`. An idle transfer gets no write callback,
    /// so only the cancellation message can stop it.
    static func tickingServer(left: Signal, idle: Bool = false) throws -> LoopbackHTTPServer {
        try LoopbackHTTPServer { _, writer in
            writer.writeHead(status: 200, headers: [], mode: .chunked)
            while writer.write("tick;") {
                if !writer.sleep(seconds: idle ? 30 : 0.02) { break }
            }
            left.raise()
        }
    }

    @Test(arguments: [false, true])
    func cancelClosesTheConnection(idle: Bool) async throws {
        let left = Signal()
        let server = try Self.tickingServer(left: left, idle: idle)
        let response = try await HTTPClient.shared.stream(HTTPRequest(url: server.baseURL))
        var iterator = response.body.makeAsyncIterator()
        _ = try await iterator.next()
        let start = ContinuousClock.now
        response.cancel()
        #expect(await eventually { left.isRaised })
        #expect(elapsed(since: start) < 2)
        #expect(await eventually { server.openConnectionCount == 0 })
        do {
            while try await iterator.next() != nil {}
            Issue.record("the body should end with cancelled")
        } catch let error as HTTPError {
            #expect(error.kind == .cancelled)
        }
        response.cancel()   // idempotent
    }

    @Test(arguments: [false, true])
    func cancellingTheConsumingTaskClosesTheConnection(idle: Bool) async throws {
        let left = Signal()
        let server = try Self.tickingServer(left: left, idle: idle)
        let gotChunk = Signal()
        let consumer = Task {
            let response = try await HTTPClient.shared.stream(HTTPRequest(url: server.baseURL))
            for try await _ in response.body { gotChunk.raise() }
        }
        #expect(await eventually { gotChunk.isRaised })
        let start = ContinuousClock.now
        consumer.cancel()
        #expect(await eventually { left.isRaised })
        #expect(elapsed(since: start) < 2)
        #expect(await eventually { server.openConnectionCount == 0 })
    }

    @Test func cancellingWhileWaitingForTheHeadThrowsCancelled() async throws {
        let left = Signal()
        let server = try LoopbackHTTPServer { _, writer in
            if !writer.sleep(seconds: 20) { left.raise() }
        }
        let waiting = Task { try await HTTPClient.shared.send(HTTPRequest(url: server.baseURL)) }
        #expect(await eventually { server.requestCount == 1 })
        waiting.cancel()
        do {
            _ = try await waiting.value
            Issue.record("expected cancellation")
        } catch let error as HTTPError {
            #expect(error.kind == .cancelled)
        }
        #expect(await eventually { left.isRaised })
        #expect(await eventually { server.openConnectionCount == 0 })
    }

    @Test func alreadyCancelledTaskNeverConnects() async throws {
        let server = try LoopbackHTTPServer { _, writer in writer.respond(status: 200, json: "{}") }
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await HTTPClient.shared.send(HTTPRequest(url: server.baseURL))
        }
        await #expect(throws: HTTPError.self) { try await task.value }
        #expect(server.requestCount == 0)
    }

    @Test(arguments: [false, true])
    func droppingTheStreamClosesTheConnection(idle: Bool) async throws {
        let left = Signal()
        let server = try Self.tickingServer(left: left, idle: idle)
        try await Self.readOneChunkAndDropEverything(url: server.baseURL)
        let start = ContinuousClock.now
        #expect(await eventually { left.isRaised })
        #expect(elapsed(since: start) < 2)
        #expect(await eventually { server.openConnectionCount == 0 })
    }

    /// Reads one chunk and returns without cancelling: the response and its stream die here.
    static func readOneChunkAndDropEverything(url: String) async throws {
        let response = try await HTTPClient.shared.stream(HTTPRequest(url: url))
        for try await _ in response.body { break }
    }
}
