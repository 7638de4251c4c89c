import Foundation
import Net
import Testing
import TestSupport

/// Transfers leave no file descriptors behind.
@Suite struct HTTPClientResourceTests {
    @Test func fiftyRequestsLeakNoDescriptors() async throws {
        let server = try LoopbackHTTPServer { request, writer in
            if request.path.hasSuffix("/stream") {
                writer.writeHead(status: 200, headers: [], mode: .chunked)
                writer.write("a")
                writer.write("b")
            } else {
                writer.respond(status: request.path == "/missing" ? 404 : 200, json: "{\"ok\":true}")
            }
        }
        let before = openDescriptorCount()
        do {
            let client = HTTPClient()
            for index in 0..<50 {
                let path = ["/json", "/stream", "/missing"][index % 3]
                if index % 5 == 0 {
                    let response = try await client.stream(HTTPRequest(url: server.baseURL + path))
                    response.cancel()   // cancelled transfers must free their sockets too
                } else {
                    let response = try await client.send(HTTPRequest(method: "POST", url: server.baseURL + path, body: [1]))
                    #expect(response.body.count > 0)
                }
            }
        }   // the client is released: its engine shuts down and closes cached connections
        #expect(await eventually { server.openConnectionCount == 0 })
        #expect(await eventually { ownSocketCount(port: server.port) == 1 }, "only the listener should remain")
        // Other suites run in parallel and open descriptors of their own: wait for a quiet moment.
        #expect(await eventually(within: 10) { openDescriptorCount() - before < 16 },
                "before \(before), after \(openDescriptorCount())")
    }
}
