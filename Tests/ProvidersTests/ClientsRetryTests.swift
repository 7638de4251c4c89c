import Core
import Foundation
import Net
@testable import Providers
import Testing
import TestSupport

@Suite("Clients: retries")
struct ClientsRetryTests {
    @Test("429 with Retry-After: 1, then success: waits about a second, two requests")
    func retryAfter() async throws {
        let attempts = ClientBox(0)
        let (result, seconds, requests) = try await runAgainst(.openai) { _, writer in
            let attempt = attempts.update { $0 += 1; return $0 }
            if attempt == 1 {
                writer.respond(status: 429, json: #"{"error":{"message":"Rate limit reached","type":"requests","code":"rate_limit_exceeded"}}"#,
                               headers: [("Retry-After", "1")])
            } else {
                writer.stream(.openai, Dialect.openai.reply(["Hello"]))
            }
        }
        #expect(result.error == nil)
        #expect(result.completion?.text == "Hello")
        #expect(requests == 2)
        #expect(seconds >= 0.95)
        #expect(seconds < 8)
        // The latency runs from the first attempt, so it includes the wait.
        #expect((result.completion?.latency ?? 0) >= 0.95)
    }

    @Test("503 twice then success: three requests, one reply", arguments: Dialect.allCases)
    func unavailableTwice(dialect: Dialect) async throws {
        let attempts = ClientBox(0)
        let (result, _, requests) = try await runAgainst(dialect) { _, writer in
            let attempt = attempts.update { $0 += 1; return $0 }
            if attempt <= 2 {
                writer.respond(status: 503, json: #"{"error":"server busy, please try again.  maximum pending requests exceeded"}"#)
            } else {
                writer.stream(dialect, dialect.reply(["Hel", "lo"]))
            }
        }
        #expect(result.error == nil)
        #expect(result.completion?.text == "Hello")
        #expect(requests == 3)
    }

    @Test("503 three times: the error after three requests, with status and server message")
    func unavailableThrice() async throws {
        let (result, _, requests) = try await runAgainst(.ollama) { _, writer in
            writer.respond(status: 503, json: #"{"error":"server busy, please try again.  maximum pending requests exceeded"}"#)
        }
        let error = try #require(result.error)
        #expect(error.kind == .http)
        #expect(error.status == 503)
        #expect(error.message.contains("server busy"))
        #expect(requests == 3)
    }

    @Test("a 529 from Anthropic is retried; x-should-retry: false is not")
    func overloadedAndShouldRetry() async throws {
        let attempts = ClientBox(0)
        let (result, _, requests) = try await runAgainst(.anthropic) { _, writer in
            let attempt = attempts.update { $0 += 1; return $0 }
            if attempt == 1 {
                writer.respond(status: 529, json: #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#)
            } else {
                writer.stream(.anthropic, Dialect.anthropic.reply(["ok"]))
            }
        }
        #expect(result.completion?.text == "ok")
        #expect(requests == 2)

        let (refused, _, once) = try await runAgainst(.openai) { _, writer in
            writer.respond(status: 500, json: #"{"error":{"message":"nope"}}"#, headers: [("x-should-retry", "false")])
        }
        #expect(refused.error?.status == 500)
        #expect(once == 1)
    }

    @Test("401 is not retried and names the key variable", arguments: [Dialect.openai, .anthropic])
    func unauthorized(dialect: Dialect) async throws {
        let (result, _, requests) = try await runAgainst(dialect) { _, writer in
            writer.respond(status: 401, json: #"{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}"#)
        }
        let error = try #require(result.error)
        #expect(error.kind == .authentication)
        #expect(error.status == 401)
        #expect(requests == 1)
        let variable = dialect == .openai ? "OPENAI_API_KEY" : "ANTHROPIC_API_KEY"
        #expect(error.hint?.contains(variable) == true)
    }

    @Test("404 for an unknown model is .modelNotFound, not retried", arguments: Dialect.allCases)
    func modelNotFound(dialect: Dialect) async throws {
        let (result, _, requests) = try await runAgainst(dialect) { _, writer in
            switch dialect {
            case .ollama: writer.respond(status: 404, json: #"{"error":"model 'nosuch' not found"}"#)
            case .openai:
                writer.respond(status: 404, json: #"{"error":{"message":"The model `nosuch` does not exist","type":"invalid_request_error","code":"model_not_found"}}"#)
            case .anthropic:
                writer.respond(status: 404, json: #"{"type":"error","error":{"type":"not_found_error","message":"model: nosuch"}}"#)
            }
        }
        let error = try #require(result.error)
        #expect(error.kind == .modelNotFound)
        #expect(error.message.contains("nosuch"))
        #expect(requests == 1)
    }

    @Test("a 200 that dies after content is not retried", arguments: Dialect.allCases)
    func noRetryAfterContent(dialect: Dialect) async throws {
        let (result, _, requests) = try await runAgainst(dialect) { _, writer in
            writer.stream(dialect, [dialect.preamble, dialect.piece("Hel"), dialect.piece("lo")].filter { !$0.isEmpty })
            writer.abort()
        }
        #expect(result.error?.kind == .incomplete)
        #expect(result.error?.partialText == "Hello")
        #expect(requests == 1)
    }

    @Test("a connection reset before the head is retried")
    func resetBeforeHead() async throws {
        let attempts = ClientBox(0)
        let (result, _, requests) = try await runAgainst(.ollama) { _, writer in
            let attempt = attempts.update { $0 += 1; return $0 }
            if attempt == 1 {
                writer.abort()
            } else {
                writer.stream(.ollama, Dialect.ollama.reply(["ok"]))
            }
        }
        #expect(result.completion?.text == "ok")
        #expect(requests == 2)
    }

    @Test("cancelling during a Retry-After wait ends the call at once")
    func cancelDuringWait() async throws {
        let server = try LoopbackHTTPServer { _, writer in
            writer.respond(status: 429, json: #"{"error":"slow down"}"#, headers: [("Retry-After", "30")])
        }
        defer { server.stop() }
        let provider = try OllamaProvider(baseURL: server.baseURL, settings: testSettings())
        let task = Task { await collect(provider.stream(sampleRequest)) }
        #expect(await clientsEventually { server.requestCount == 1 })
        try await Task.sleep(for: .milliseconds(100))
        let start = ContinuousClock.now
        task.cancel()
        let result = await task.value
        #expect(secondsSince(start) < 2)
        #expect(result.completion == nil)
        #expect(server.requestCount == 1)
    }
}
