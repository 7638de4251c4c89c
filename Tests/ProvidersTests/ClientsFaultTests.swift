import Core
import Foundation
import Net
@testable import Providers
import Testing
import TestSupport

/// Runs one request of `dialect` against a loopback server with `handler`.
func runAgainst(_ dialect: Dialect, settings: ClientSettings = testSettings(), request: ChatRequest = sampleRequest,
                handler: @escaping @Sendable (HTTPServerRequest, HTTPServerResponseWriter) -> Void)
    async throws -> (result: Collected, seconds: Double, requests: Int) {
    let server = try LoopbackHTTPServer(handler: handler)
    defer { server.stop() }
    let provider = try dialect.provider(server.baseURL, settings: settings)
    let start = ContinuousClock.now
    let result = await collect(provider.stream(request))
    return (result, secondsSince(start), server.requestCount)
}

@Suite("Clients: faults")
struct ClientsFaultTests {
    @Test("a refused connection is .unreachable, quickly, naming the URL", arguments: Dialect.allCases)
    func refused(dialect: Dialect) async throws {
        let port = try unusedLoopbackPort()
        let provider = try dialect.provider("http://127.0.0.1:\(port)", settings: testSettings())
        let start = ContinuousClock.now
        let result = await collect(provider.stream(sampleRequest))
        let error = try #require(result.error)
        #expect(error.kind == .unreachable)
        #expect(error.message.contains("127.0.0.1:\(port)"))
        #expect(error.description.contains(dialect.chatPath))
        #expect(secondsSince(start) < 5)
        #expect(result.finishedCount == 0)
        if dialect == .ollama {
            #expect(error.hint?.contains("ollama serve") == true)
            #expect(error.hint?.contains("OLLAMA_HOST") == true)
        } else {
            #expect(error.hint != nil)
        }
    }

    @Test("the default retry policy still reports a refused connection within seconds")
    func refusedWithDefaultRetries() async throws {
        let port = try unusedLoopbackPort()
        let provider = try OllamaProvider(baseURL: "http://127.0.0.1:\(port)")
        let start = ContinuousClock.now
        let result = await collect(provider.stream(sampleRequest))
        #expect(result.error?.kind == .unreachable)
        #expect(secondsSince(start) < 5)
    }

    @Test("an unresolvable host is .unreachable and named")
    func unresolvable() async throws {
        let provider = try OllamaProvider(baseURL: "http://atelier-clients-test.invalid:11434", settings: testSettings(connect: 3))
        let result = await collect(provider.stream(sampleRequest))
        let error = try #require(result.error)
        #expect(error.kind == .unreachable)
        #expect(error.message.contains("atelier-clients-test.invalid"))
    }

    @Test("a connect that is never answered times out as .unreachable")
    func connectTimeout() async throws {
        let hole = try LoopbackHTTPServer.blackHole()
        defer { hole.close() }
        var settings = testSettings(connect: 0.5, retries: 0)
        settings.retry = .never
        let provider = try OllamaProvider(baseURL: hole.url, settings: settings)
        let start = ContinuousClock.now
        let result = await collect(provider.stream(sampleRequest))
        #expect(result.error?.kind == .unreachable)
        #expect(secondsSince(start) < 5)
    }

    @Test("no answer at all, or a head and then silence, is .firstByteTimeout", arguments: Dialect.allCases)
    func firstByteTimeout(dialect: Dialect) async throws {
        for sendHead in [false, true] {
            let (result, seconds, _) = try await runAgainst(dialect, settings: testSettings(firstByte: 0.5, stall: 5)) { _, writer in
                if sendHead { writer.writeHead(status: 200, headers: [("Content-Type", dialect.contentType)], mode: .chunked) }
                _ = writer.sleep(seconds: 10)
            }
            #expect(result.error?.kind == .firstByteTimeout, "head sent: \(sendHead)")
            #expect(seconds < 5)
            #expect(result.finishedCount == 0)
        }
    }

    @Test("silence after some tokens is .stalled with the partial text", arguments: Dialect.allCases)
    func stall(dialect: Dialect) async throws {
        let (result, seconds, _) = try await runAgainst(dialect, settings: testSettings(firstByte: 10, stall: 0.5)) { _, writer in
            writer.stream(dialect, [dialect.preamble, dialect.piece("Hel"), dialect.piece("lo")].filter { !$0.isEmpty })
            _ = writer.sleep(seconds: 10)
        }
        let error = try #require(result.error)
        #expect(error.kind == .stalled)
        #expect(error.partialText == "Hello")
        #expect(result.text == "Hello")
        #expect(result.finishedCount == 0)
        #expect(seconds < 5)
    }

    @Test("keep-alives after some tokens do not hold off the stall deadline", arguments: [Dialect.openai, .anthropic])
    func keepAliveStall(dialect: Dialect) async throws {
        let disconnected = ClientSignal()
        let (result, seconds, _) = try await runAgainst(dialect, settings: testSettings(firstByte: 10, stall: 0.5)) { _, writer in
            writer.stream(dialect, [dialect.preamble, dialect.piece("Hel"), dialect.piece("lo")])
            for _ in 0..<200 {   // a keep-alive every 50 ms, for up to 10 s
                guard writer.sleep(seconds: 0.05), writer.write(dialect.keepAlive) else { break }
            }
            if writer.clientDisconnected { disconnected.raise() }
        }
        let error = try #require(result.error)
        #expect(error.kind == .stalled)
        #expect(error.partialText == "Hello")
        #expect(seconds < 5)
        #expect(disconnected.wait(seconds: 5))
    }

    @Test("keep-alives with no content at all end at the first-content deadline", arguments: [Dialect.openai, .anthropic])
    func keepAliveOnly(dialect: Dialect) async throws {
        let (result, seconds, _) = try await runAgainst(dialect, settings: testSettings(firstByte: 0.6, stall: 0.3)) { _, writer in
            writer.stream(dialect, [dialect.keepAlive])
            for _ in 0..<200 {
                guard writer.sleep(seconds: 0.05), writer.write(dialect.keepAlive) else { break }
            }
        }
        let error = try #require(result.error)
        #expect(error.kind == .firstByteTimeout)
        #expect(error.message.contains("keep-alive"))
        #expect(seconds < 5)
    }

    @Test("a body cut mid-event or mid-line is .incomplete with the partial text, never finished",
          arguments: Dialect.allCases, [false, true])
    func truncated(dialect: Dialect, abort: Bool) async throws {
        let cut = String(dialect.piece(" world").prefix(dialect.piece(" world").count / 2))
        let (result, _, _) = try await runAgainst(dialect) { _, writer in
            writer.stream(dialect, [dialect.preamble, dialect.piece("Hel"), dialect.piece("lo"), cut].filter { !$0.isEmpty })
            if abort { writer.abort() }
        }
        let error = try #require(result.error, "abort: \(abort)")
        #expect(error.kind == .incomplete)
        #expect(error.partialText == "Hello")
        #expect(result.finishedCount == 0)
    }

    @Test("a body that ends cleanly before the terminator is .incomplete", arguments: Dialect.allCases)
    func noTerminator(dialect: Dialect) async throws {
        let (result, _, _) = try await runAgainst(dialect) { _, writer in
            writer.stream(dialect, [dialect.preamble, dialect.piece("Hel"), dialect.piece("lo")].filter { !$0.isEmpty })
        }
        #expect(result.error?.kind == .incomplete)
        #expect(result.error?.partialText == "Hello")
        #expect(result.finishedCount == 0)
    }

    @Test("a body cut inside a UTF-8 character is .incomplete", arguments: Dialect.allCases)
    func truncatedMidCharacter(dialect: Dialect) async throws {
        let piece = Array(dialect.piece(" café").utf8)
        let split = try #require(piece.firstIndex(of: 0xC3)) + 1   // after the first byte of "é"
        let (result, _, _) = try await runAgainst(dialect) { _, writer in
            writer.stream(dialect, [dialect.preamble, dialect.piece("Hel"), dialect.piece("lo")].filter { !$0.isEmpty })
            writer.write(Array(piece[..<split]))
        }
        #expect(result.error?.kind == .incomplete)
        #expect(result.error?.partialText == "Hello")
        #expect(result.finishedCount == 0)
    }

    @Test("invalid UTF-8 in a line is .malformed with the partial text", arguments: Dialect.allCases)
    func invalidUTF8(dialect: Dialect) async throws {
        var bad = Array(dialect.piece(" cafe").utf8)
        let index = try #require(bad.firstIndex(of: UInt8(ascii: "f")))
        bad[index] = 0xFF
        let badBytes = bad
        let (result, _, _) = try await runAgainst(dialect) { _, writer in
            writer.stream(dialect, [dialect.preamble, dialect.piece("Hel"), dialect.piece("lo")].filter { !$0.isEmpty })
            writer.write(badBytes)
            writer.write(dialect.ending)
        }
        #expect(result.error?.kind == .malformed)
        #expect(result.error?.partialText == "Hello")
        #expect(result.finishedCount == 0)
    }

    @Test("a line over the cap is .malformed at once, not at the stall deadline", arguments: Dialect.allCases)
    func giantLine(dialect: Dialect) async throws {
        let settings = testSettings(stall: 8, maxLineBytes: 64 << 10)
        let (result, seconds, _) = try await runAgainst(dialect, settings: settings) { _, writer in
            writer.stream(dialect, [dialect.preamble, dialect.piece("Hello")].filter { !$0.isEmpty })
            let prefix = dialect == .ollama ? "{\"message\":{\"content\":\"" : "data: {\"x\":\""
            writer.write(prefix + String(repeating: "a", count: 100_000))
            _ = writer.sleep(seconds: 10)
        }
        let error = try #require(result.error)
        #expect(error.kind == .malformed)
        #expect(error.partialText == "Hello")
        #expect(seconds < 5)
    }

    @Test("a reply over the size cap is .tooLarge with the partial text")
    func tooLarge() async throws {
        let settings = testSettings(maxResponseBytes: 8_192)
        let (result, _, _) = try await runAgainst(.ollama, settings: settings) { _, writer in
            writer.writeHead(status: 200, headers: [("Content-Type", "application/x-ndjson")], mode: .chunked)
            for _ in 0..<200 { guard writer.write(Wire.ollamaLine(String(repeating: "x", count: 100))) else { break } }
            writer.write(Wire.ollamaDone())
        }
        let error = try #require(result.error)
        #expect(error.kind == .tooLarge)
        #expect(!error.partialText.isEmpty)
        #expect(error.partialText == result.text)
        #expect(result.finishedCount == 0)
    }

    @Test("an error object mid-stream is .streamError with the partial text", arguments: Dialect.allCases)
    func midStreamError(dialect: Dialect) async throws {
        let (result, _, requests) = try await runAgainst(dialect) { _, writer in
            writer.stream(dialect, [dialect.preamble, dialect.piece("Hel"), dialect.piece("lo"), dialect.midStreamError].filter { !$0.isEmpty })
            _ = writer.sleep(seconds: 10)
        }
        let error = try #require(result.error)
        #expect(error.kind == .streamError)
        #expect(error.partialText == "Hello")
        #expect(result.finishedCount == 0)
        #expect(requests == 1)
        if dialect == .anthropic { #expect(error.message.contains("overloaded_error")) }
    }
}
