import Foundation
import Testing
import TestSupport

/// The loopback server on its own, driven byte by byte through a raw socket.
/// Serialized: these tests read with blocking raw sockets, and two at once would hold both
/// threads of the cooperative pool on this 2-core machine, starving other tests' timers.
@Suite(.serialized) struct LoopbackHTTPServerTests {
    @Test func parsesRequestAndKeepsConnectionAlive() throws {
        let seen = Box<[String]>([])
        let server = try LoopbackHTTPServer { request, writer in
            seen.update { $0.append("\(request.method) \(request.path) q=\(request.query["name"] ?? "-") "
                + "h=\(request.header("x-TEST") ?? "-") body=\(request.bodyText)") }
            writer.respond(status: 200, contentType: "text/plain", body: Array("ok\(seen.current.count)".utf8))
        }
        let client = try RawClient(port: server.port)
        client.send("POST /a/b?name=caf%C3%A9+au+lait&x HTTP/1.1\r\nHost: h\r\nX-Test: yes\r\nContent-Length: 5\r\n\r\nhello")
        let first = client.read(until: "ok1")
        client.send("GET /c HTTP/1.1\r\nHost: h\r\n\r\n")
        let second = client.read(until: "ok2")
        #expect(first.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(first.contains("Content-Length: 3\r\n"))
        #expect(!first.contains("Connection: close"))
        #expect(second.hasSuffix("\r\n\r\nok2"))
        #expect(seen.current == ["POST /a/b q=café au lait h=yes body=hello", "GET /c q=- h=- body="])
        #expect(server.requestCount == 2)
        #expect(server.openConnectionCount == 1)
    }

    @Test func decodesChunkedRequestBodyAndAnswersExpectContinue() throws {
        let server = try LoopbackHTTPServer { request, writer in
            writer.respond(status: 201, json: "{\"len\":\(request.body.count),\"text\":\"\(request.bodyText)\"}")
        }
        let client = try RawClient(port: server.port)
        client.send("POST /up HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nTransfer-Encoding: chunked\r\n\r\n")
        let interim = client.read(until: "\r\n\r\n")
        #expect(interim == "HTTP/1.1 100 Continue\r\n\r\n")
        client.send("3\r\nabc\r\n4;ext=1\r\ndefg\r\n0\r\nX-Trailer: t\r\n\r\n")
        let response = client.read(until: "}")
        #expect(response.hasPrefix("HTTP/1.1 201 Created\r\n"))
        #expect(response.contains("Content-Type: application/json\r\n"))
        #expect(response.hasSuffix("{\"len\":7,\"text\":\"abcdefg\"}"))
    }

    @Test func chunkedWritesAreFramedAndFinishedForTheHandler() throws {
        let server = try LoopbackHTTPServer { _, writer in
            writer.writeHead(status: 200, headers: [("X-A", "1")], mode: .chunked)
            writer.write("hello ")
            writer.write([UInt8]("world".utf8))
            // no finish(): the server ends the body itself
        }
        let client = try RawClient(port: server.port)
        client.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n")
        let text = client.read(until: "0\r\n\r\n")
        #expect(text.contains("Transfer-Encoding: chunked\r\n"))
        #expect(text.hasSuffix("\r\n\r\n6\r\nhello \r\n5\r\nworld\r\n0\r\n\r\n"))
    }

    @Test func connectionCloseIsHonouredAndCloseDelimitedBodyEndsWithClose() async throws {
        let server = try LoopbackHTTPServer { request, writer in
            if request.path == "/close-delimited" {
                writer.writeHead(status: 200, headers: [], mode: .closeDelimited)
                writer.write("until close")
            } else {
                writer.respond(status: 200, contentType: "text/plain", body: [])
            }
        }
        let client = try RawClient(port: server.port)
        client.send("GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n")
        let first = client.readToEnd()
        #expect(first.contains("Connection: close\r\n"))
        let other = try RawClient(port: server.port)
        other.send("GET /close-delimited HTTP/1.1\r\nHost: h\r\n\r\n")
        let second = other.readToEnd()
        #expect(second.hasSuffix("\r\n\r\nuntil close"))
        #expect(!second.contains("Content-Length"))
        #expect(await eventually { server.openConnectionCount == 0 })
    }

    @Test func rawBytesAbortAndMalformedRequests() throws {
        let server = try LoopbackHTTPServer { request, writer in
            switch request.path {
            case "/raw": writer.writeRaw(Array("HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\nshort".utf8))
            default:
                writer.writeHead(status: 200, headers: [], mode: .contentLength(100))
                writer.write("partial")
                writer.abort()
                #expect(writer.write("more") == false)
                #expect(writer.clientDisconnected)
            }
        }
        let raw = try RawClient(port: server.port)
        raw.send("GET /raw HTTP/1.1\r\nHost: h\r\n\r\n")
        #expect(raw.readToEnd() == "HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\nshort")
        let aborted = try RawClient(port: server.port)
        aborted.send("GET /abort HTTP/1.1\r\nHost: h\r\n\r\n")
        #expect(aborted.readToEnd().hasSuffix("\r\n\r\npartial"))
        let garbage = try RawClient(port: server.port)
        garbage.send("NONSENSE\r\n\r\n")
        #expect(garbage.readToEnd().hasPrefix("HTTP/1.1 400 Bad Request\r\n"))
    }

    @Test func handlerSeesClientLeaveAndStopClosesEverything() async throws {
        let leftEarly = Signal()
        let stopped = Signal()
        let server = try LoopbackHTTPServer { request, writer in
            writer.writeHead(status: 200, headers: [], mode: .chunked)
            writer.write("x")
            if !writer.sleep(seconds: 30) {
                (request.path == "/leave" ? leftEarly : stopped).raise()
            }
        }
        do {
            let client = try RawClient(port: server.port)
            client.send("GET /leave HTTP/1.1\r\nHost: h\r\n\r\n")
            _ = client.read(until: "x")
        }   // client closes here
        #expect(await eventually { leftEarly.isRaised })
        let client = try RawClient(port: server.port)
        client.send("GET /stay HTTP/1.1\r\nHost: h\r\n\r\n")
        _ = client.read(until: "x")
        #expect(await eventually { server.openConnectionCount == 1 })
        server.stop()
        server.stop()
        #expect(await eventually { stopped.isRaised })
        #expect(await eventually { server.openConnectionCount == 0 })
        #expect(!client.readToEnd().contains("0\r\n\r\n"), "the body must end without its last chunk")
    }

    @Test func blackHoleNeverAnswersAConnect() throws {
        let hole = try LoopbackHTTPServer.blackHole()
        defer { hole.close() }
        #expect(hole.url.hasPrefix("http://127.0.0.1:"))
        let port = try #require(Int(hole.url.dropFirst("http://127.0.0.1:".count).dropLast()))
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr = in_addr(s_addr: UInt32(0x7f00_0001).bigEndian)
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        #expect(rc == -1 && errno == EINPROGRESS)
        var entry = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
        #expect(poll(&entry, 1, 300) == 0, "the connect should still be pending")
    }
}
