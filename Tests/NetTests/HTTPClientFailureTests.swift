import Foundation
import Net
import Testing
import TestSupport

/// Every way a transfer can fail becomes one typed `HTTPError`, quickly and without secrets.
@Suite struct HTTPClientFailureTests {
    let client = HTTPClient.shared

    /// Runs `request` through `send` and returns the `HTTPError` it must throw.
    func failure(_ request: HTTPRequest) async throws -> HTTPError {
        do {
            let response = try await client.send(request)
            Issue.record("expected an error, got status \(response.status) with \(response.body.count) bytes")
            throw CancellationError()
        } catch let error as HTTPError {
            return error
        }
    }

    @Test func connectionRefusedIsFastAndHasNoSecrets() async throws {
        let port = try closedLoopbackPort()
        let start = ContinuousClock.now
        let error = try await failure(HTTPRequest(
            url: "http://127.0.0.1:\(port)/v1/models?key=sk-query-secret",
            headers: [HTTPHeader("Authorization", "Bearer sk-header-secret")],
            timeouts: HTTPTimeouts(connect: 30)))
        #expect(error.kind == .connectionRefused)
        // Far below the 30 s connect timeout: a refusal is reported, not waited out.
        #expect(elapsed(since: start) < 10)
        #expect(error.message.contains("\(port)"), "curl's own text names the port: \(error.message)")
        #expect(error.url == "http://127.0.0.1:\(port)/v1/models?…")
        #expect(!error.description.contains("sk-"))
        #expect(!error.description.contains("\n"))
    }

    @Test func unresolvableHost() async throws {
        let error = try await failure(HTTPRequest(url: "http://atelier-test.invalid/x",
                                                  timeouts: HTTPTimeouts(connect: 10)))
        #expect(error.kind == .couldNotResolve)
        #expect(error.message.contains("atelier-test.invalid"))
    }

    @Test func connectTimeoutAgainstTheBlackHole() async throws {
        let hole = try LoopbackHTTPServer.blackHole()
        defer { hole.close() }
        let start = ContinuousClock.now
        let error = try await failure(HTTPRequest(url: hole.url, timeouts: HTTPTimeouts(connect: 0.5)))
        #expect(error.kind == .connectTimeout)
        #expect(elapsed(since: start) < 5)
    }

    @Test(arguments: ["ftp://127.0.0.1/x", "not a url", "", "http://exa mple.com/"])
    func invalidURLs(url: String) async throws {
        let error = try await failure(HTTPRequest(url: url))
        #expect(error.kind == .invalidURL)
    }

    @Test func headerWithLineBreakIsRejectedWithoutShowingIt() async throws {
        let server = try LoopbackHTTPServer { _, writer in writer.respond(status: 200, json: "{}") }
        let error = try await failure(HTTPRequest(
            url: server.baseURL, headers: [HTTPHeader("X-Api-Key", "sk-secret\r\nX-Injected: 1")]))
        #expect(error.kind == .transport)
        #expect(error.message.contains("X-Api-Key"))
        #expect(!error.description.contains("sk-secret"))
        #expect(server.requestCount == 0)
    }

    @Test func firstByteTimeoutWhileTheServerThinks() async throws {
        let server = try LoopbackHTTPServer { _, writer in
            writer.writeHead(status: 200, headers: [], mode: .chunked)   // head, but no body yet
            _ = writer.sleep(seconds: 20)
        }
        let start = ContinuousClock.now
        let error = try await failure(HTTPRequest(url: server.baseURL, timeouts: HTTPTimeouts(firstByte: 0.5)))
        #expect(error.kind == .firstByteTimeout)
        #expect(elapsed(since: start) < 5)
        #expect(await eventually { server.openConnectionCount == 0 })
    }

    @Test func stallAfterSomeBytes() async throws {
        let server = try LoopbackHTTPServer { _, writer in
            writer.writeHead(status: 200, headers: [], mode: .chunked)
            writer.write("data: partial\n\n")
            _ = writer.sleep(seconds: 20)
        }
        let response = try await client.stream(HTTPRequest(
            url: server.baseURL, timeouts: HTTPTimeouts(firstByte: 10, stall: 0.5)))
        defer { response.cancel() }
        var received = ""
        let start = ContinuousClock.now
        do {
            for try await chunk in response.body { received += String(decoding: chunk, as: UTF8.self) }
            Issue.record("the stream should have failed")
        } catch let error as HTTPError {
            #expect(error.kind == .stalled)
            #expect(error.message.contains("15 bytes"))
        }
        #expect(received == "data: partial\n\n")
        #expect(elapsed(since: start) < 5)
    }

    @Test func declaredContentLengthOverTheCapFailsBeforeTheBody() async throws {
        let server = try LoopbackHTTPServer { _, writer in
            writer.writeHead(status: 200, headers: [], mode: .contentLength(1 << 20))
            _ = writer.sleep(seconds: 20)
        }
        let start = ContinuousClock.now
        let error = try await failure(HTTPRequest(url: server.baseURL, maxResponseBytes: 64 << 10))
        #expect(error.kind == .tooLarge)
        #expect(elapsed(since: start) < 5)
    }

    @Test func lyingShortContentLengthIsCutAtTheDeclaredLength() async throws {
        let server = try LoopbackHTTPServer { _, writer in
            writer.writeHead(status: 200, headers: [], mode: .contentLength(10))
            writer.write([UInt8](repeating: 0x41, count: 100_000))
        }
        let response = try await client.send(HTTPRequest(url: server.baseURL, maxResponseBytes: 1000))
        #expect(response.body == [UInt8](repeating: 0x41, count: 10))
    }

    @Test(arguments: [HTTPServerResponseWriter.BodyMode.chunked, .closeDelimited])
    func endlessBodyHitsTheCap(mode: HTTPServerResponseWriter.BodyMode) async throws {
        let serverSawDisconnect = Signal()
        let server = try LoopbackHTTPServer { _, writer in
            writer.writeHead(status: 200, headers: [], mode: mode)
            let chunk = [UInt8](repeating: 0x7a, count: 16 << 10)
            for _ in 0..<100_000 where !writer.write(chunk) {
                serverSawDisconnect.raise()
                return
            }
        }
        let error = try await failure(HTTPRequest(url: server.baseURL, maxResponseBytes: 1 << 20))
        #expect(error.kind == .tooLarge)
        #expect(error.message.contains("\(1 << 20) bytes"))
        #expect(await eventually { serverSawDisconnect.isRaised })
    }

    @Test func truncatedBodyThrowsTransport() async throws {
        let server = try LoopbackHTTPServer { request, writer in
            writer.writeHead(status: 200, headers: [], mode: request.path == "/length" ? .contentLength(1000) : .chunked)
            writer.write("only a part")
            writer.abort()
        }
        for path in ["/length", "/chunked"] {
            let error = try await failure(HTTPRequest(url: server.baseURL + path))
            #expect(error.kind == .transport, "\(path): \(error)")
            #expect(error.message.contains("curl"), "\(error.message)")
        }
    }

    @Test func garbageInsteadOfHTTPIsATransportError() async throws {
        let server = try LoopbackHTTPServer { _, writer in
            writer.writeRaw(Array("this is not HTTP at all\r\n\r\n".utf8))
        }
        let error = try await failure(HTTPRequest(url: server.baseURL))
        #expect(error.kind == .transport)
    }

    @Test func closingWithoutAnswerIsATransportError() async throws {
        let server = try LoopbackHTTPServer { _, writer in writer.abort() }
        let error = try await failure(HTTPRequest(method: "POST", url: server.baseURL, body: Array("{}".utf8)))
        #expect(error.kind == .transport)
        #expect(error.message.contains("curl 52"), "\(error.message)")
    }
}
