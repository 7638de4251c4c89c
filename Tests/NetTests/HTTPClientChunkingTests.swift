import Net
import Testing
import TestSupport

/// How the body reaches the reader: a fast server's megabytes arrive in bounded chunks
/// (libcurl may read many socket buffers in one pass), byte-exact and in order.
@Suite struct HTTPClientChunkingTests {
    @Test func aFastBodyArrivesInBoundedChunks() async throws {
        let big = (0..<3_000_000).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 11) }
        let server = try LoopbackHTTPServer { _, writer in
            writer.respond(status: 200, contentType: "application/octet-stream", body: big)
        }
        let response = try await HTTPClient(userAgent: "atelier-test").stream(HTTPRequest(url: server.baseURL + "/big"))
        defer { response.cancel() }
        var received: [UInt8] = []
        var largest = 0
        for try await chunk in response.body {
            largest = max(largest, chunk.count)
            received.append(contentsOf: chunk)
        }
        #expect(received == big)
        // 64 KiB collected, plus at most one libcurl write callback (16 KiB by default).
        #expect(largest <= 64 * 1024 + 16 * 1024, "a chunk of \(largest) bytes")
    }
}
