import Foundation
import Net
import Testing
import TestSupport

/// Requests and responses over real loopback sockets: bodies, headers, streaming, concurrency.
@Suite struct HTTPClientBasicTests {
    @Test func jsonPostIsEchoed() async throws {
        let server = try LoopbackHTTPServer { request, writer in
            let object = request.jsonBody() as? [String: Any]
            let prompt = object?["prompt"] as? String ?? "?"
            writer.respond(status: 200, json: "{\"echo\":\"\(prompt)\",\"method\":\"\(request.method)\","
                + "\"type\":\"\(request.header("content-type") ?? "")\",\"agent\":\"\(request.header("user-agent") ?? "")\","
                + "\"auth\":\"\(request.header("authorization") ?? "")\"}",
                headers: [("X-Request-Id", "r-1")])
        }
        let request = HTTPRequest(
            method: "POST", url: server.baseURL + "/v1/chat?x=1",
            headers: [HTTPHeader("Content-Type", "application/json"), HTTPHeader("Authorization", "Bearer k")],
            body: Array("{\"prompt\":\"héllo 🙂\"}".utf8))
        let response = try await HTTPClient(userAgent: "atelier-test").send(request)
        #expect(response.head.status == 200)
        #expect(response.head.headers.value(for: "x-request-id") == "r-1")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: String])
        #expect(json == ["echo": "héllo 🙂", "method": "POST", "type": "application/json",
                         "agent": "atelier-test", "auth": "Bearer k"])
    }

    @Test func chunkedAndContentLengthBodiesAndEmptyPost() async throws {
        let big = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let server = try LoopbackHTTPServer { request, writer in
            switch request.path {
            case "/chunked":
                writer.writeHead(status: 200, headers: [], mode: .chunked)
                for index in 0..<5 { writer.write("piece \(index);") }
                writer.finish()
            case "/length":
                writer.respond(status: 200, contentType: "application/octet-stream", body: big)
            default:
                writer.respond(status: 200, contentType: "text/plain",
                               body: Array("\(request.method) \(request.body.count)".utf8))
            }
        }
        let client = HTTPClient.shared
        let chunked = try await client.send(HTTPRequest(url: server.baseURL + "/chunked"))
        #expect(chunked.bodyText == "piece 0;piece 1;piece 2;piece 3;piece 4;")
        let length = try await client.send(HTTPRequest(url: server.baseURL + "/length"))
        #expect(length.body == big)
        let empty = try await client.send(HTTPRequest(method: "POST", url: server.baseURL + "/echo", body: []))
        #expect(empty.bodyText == "POST 0")
        let custom = try await client.send(HTTPRequest(method: "DELETE", url: server.baseURL + "/echo"))
        #expect(custom.bodyText == "DELETE 0")
    }

    @Test func serverErrorIsAResponseWithItsBody() async throws {
        let server = try LoopbackHTTPServer { _, writer in
            writer.respond(status: 503, json: "{\"error\":\"overloaded\"}", headers: [("Retry-After", "2")])
        }
        let response = try await HTTPClient.shared.send(HTTPRequest(url: server.baseURL + "/"))
        #expect(response.status == 503)
        #expect(response.bodyText == "{\"error\":\"overloaded\"}")
        #expect(response.head.headers.value(for: "retry-after") == "2")
    }

    @Test func streamedBodyArrivesIncrementally() async throws {
        let firstChunkSeen = Signal()
        let lastWritten = Signal()
        let server = try LoopbackHTTPServer { _, writer in
            writer.writeHead(status: 200, headers: [("Content-Type", "text/event-stream")], mode: .chunked)
            writer.write("data: one\n\n")
            _ = firstChunkSeen.wait(seconds: 10)
            lastWritten.raise()
            writer.write("data: two\n\n")
            writer.finish()
        }
        let response = try await HTTPClient.shared.stream(HTTPRequest(url: server.baseURL + "/stream"))
        defer { response.cancel() }
        #expect(response.head.status == 200)
        #expect(response.head.headers.value(for: "content-type") == "text/event-stream")
        var received: [UInt8] = []
        var lastWasWrittenWhenFirstArrived: Bool?
        for try await chunk in response.body {
            if lastWasWrittenWhenFirstArrived == nil {
                lastWasWrittenWhenFirstArrived = lastWritten.isRaised
                firstChunkSeen.raise()
            }
            received += chunk
        }
        #expect(lastWasWrittenWhenFirstArrived == false)
        #expect(String(decoding: received, as: UTF8.self) == "data: one\n\ndata: two\n\n")
    }

    @Test func eightConcurrentStreamsAllComplete() async throws {
        let active = Box(0)
        let allActive = Signal()
        let server = try LoopbackHTTPServer { request, writer in
            if active.update({ $0 += 1; return $0 }) == 8 { allActive.raise() }
            writer.writeHead(status: 200, headers: [], mode: .chunked)
            writer.write("start \(request.path);")
            let together = allActive.wait(seconds: 10)
            for index in 0..<3 {
                writer.write("\(index);")
                _ = writer.sleep(seconds: 0.02)
            }
            writer.write(together ? "together" : "alone")
        }
        let client = HTTPClient()
        let bodies = try await withThrowingTaskGroup(of: (Int, String).self) { group in
            for index in 0..<8 {
                group.addTask {
                    let response = try await client.send(HTTPRequest(url: server.baseURL + "/\(index)"))
                    return (index, response.bodyText)
                }
            }
            var result: [Int: String] = [:]
            for try await (index, body) in group { result[index] = body }
            return result
        }
        #expect(bodies.count == 8)
        for index in 0..<8 {
            #expect(bodies[index] == "start /\(index);0;1;2;together")
        }
    }

    @Test func connectionsAreReusedAcrossRequests() async throws {
        let server = try LoopbackHTTPServer { _, writer in
            writer.respond(status: 200, contentType: "text/plain", body: Array("ok".utf8))
        }
        let client = HTTPClient()
        for _ in 0..<5 {
            let response = try await client.send(HTTPRequest(url: server.baseURL + "/"))
            #expect(response.bodyText == "ok")
        }
        #expect(server.requestCount == 5)
        #expect(server.openConnectionCount == 1)
    }

    @Test func gzipBodiesAreDecodedAndRedirectsAreNotFollowed() async throws {
        // gzip of "hello " x 50, made with Python's gzip module (mtime 0).
        let gzipped: [UInt8] = [31, 139, 8, 0, 0, 0, 0, 0, 2, 255, 203, 72, 205, 201, 201, 87, 200, 24, 37, 137,
                                32, 1, 193, 72, 66, 89, 44, 1, 0, 0]
        let acceptEncoding = Box<String>("")
        let server = try LoopbackHTTPServer { request, writer in
            if request.path == "/moved" {
                writer.writeHead(status: 302, headers: [("Location", "/elsewhere")], mode: .contentLength(0))
                return
            }
            acceptEncoding.update { $0 = request.header("accept-encoding") ?? "" }
            writer.writeHead(status: 200, headers: [("Content-Encoding", "gzip")], mode: .contentLength(gzipped.count))
            writer.write(gzipped)
        }
        let response = try await HTTPClient.shared.send(HTTPRequest(url: server.baseURL + "/gz"))
        #expect(response.bodyText == String(repeating: "hello ", count: 50))
        #expect(acceptEncoding.current.contains("gzip"))
        let moved = try await HTTPClient.shared.send(HTTPRequest(url: server.baseURL + "/moved"))
        #expect(moved.status == 302)
        #expect(moved.head.headers.value(for: "location") == "/elsewhere")
        #expect(server.requestCount == 2)
    }
}
