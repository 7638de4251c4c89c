import Core
import Foundation
import Net
@testable import Providers
import Testing
import TestSupport

/// A server that streams a piece every 20 ms for up to 20 s and raises `disconnected` as soon
/// as it notices the client has gone.
func endlessServer(_ dialect: Dialect, disconnected: ClientSignal) throws -> LoopbackHTTPServer {
    try LoopbackHTTPServer { _, writer in
        writer.stream(dialect, [dialect.preamble].filter { !$0.isEmpty })
        for index in 0..<1_000 {
            guard writer.write(dialect.piece("t\(index) ")), writer.sleep(seconds: 0.02) else { break }
        }
        if writer.clientDisconnected { disconnected.raise() }
    }
}

@Suite("Clients: cancellation and limits")
struct ClientsCancellationTests {
    @Test("cancelling the consuming task closes the connection within a second", arguments: Dialect.allCases)
    func cancelTask(dialect: Dialect) async throws {
        let disconnected = ClientSignal()
        let server = try endlessServer(dialect, disconnected: disconnected)
        defer { server.stop() }
        let provider = try dialect.provider(server.baseURL, settings: testSettings())
        let gotFirst = ClientSignal()
        let task = Task {
            var pieces = 0
            do {
                for try await delta in provider.stream(sampleRequest) {
                    if case .text = delta { pieces += 1; gotFirst.raise() }
                }
            } catch {}
            return pieces
        }
        #expect(await clientsEventually { gotFirst.isRaised })
        let start = ContinuousClock.now
        task.cancel()
        #expect(await clientsEventually(within: 5) { disconnected.isRaised })
        #expect(secondsSince(start) < 1.5)
        _ = await task.value
    }

    @Test("breaking out of the loop (the stream is released) closes the connection", arguments: Dialect.allCases)
    func breakOut(dialect: Dialect) async throws {
        let disconnected = ClientSignal()
        let server = try endlessServer(dialect, disconnected: disconnected)
        defer { server.stop() }
        let provider = try dialect.provider(server.baseURL, settings: testSettings())
        var first: ChatDelta?
        for try await delta in provider.stream(sampleRequest) {
            first = delta
            break
        }
        #expect(first != nil)
        let start = ContinuousClock.now
        #expect(await clientsEventually(within: 5) { disconnected.isRaised })
        #expect(secondsSince(start) < 1.5)
    }

    @Test("the first delta arrives before the server has written the last")
    func incremental() async throws {
        for dialect in Dialect.allCases {
            let clientSawFirst = ClientSignal()
            let serverWroteLast = ClientSignal()
            let server = try LoopbackHTTPServer { _, writer in
                writer.stream(dialect, [dialect.preamble, dialect.piece("first ")].filter { !$0.isEmpty })
                _ = clientSawFirst.wait(seconds: 10)
                writer.write(dialect.piece("second"))
                writer.write(dialect.ending)
                serverWroteLast.raise()
            }
            defer { server.stop() }
            let provider = try dialect.provider(server.baseURL, settings: testSettings())
            var deltas: [ChatDelta] = []
            for try await delta in provider.stream(sampleRequest) {
                if deltas.isEmpty {
                    #expect(!serverWroteLast.isRaised, "\(dialect)")
                    #expect(delta == .text("first "))
                    clientSawFirst.raise()
                }
                deltas.append(delta)
            }
            #expect(deltas.count == 3)
            if case .finished(let completion) = deltas.last {
                #expect(completion.text == "first second")
                #expect((completion.timeToFirstToken ?? 99) < completion.latency)
            } else {
                Issue.record("no .finished for \(dialect)")
            }
        }
    }

    @Test("a per-provider limit of 2 holds with 5 requests at once")
    func concurrencyLimit() async throws {
        let state = ClientBox((now: 0, peak: 0))
        let server = try LoopbackHTTPServer { _, writer in
            state.update { $0.now += 1; $0.peak = max($0.peak, $0.now) }
            _ = writer.sleep(seconds: 0.15)
            state.update { $0.now -= 1 }
            writer.stream(.ollama, Dialect.ollama.reply(["ok"]))
        }
        defer { server.stop() }
        let factory = ProviderFactory(settings: testSettings(concurrency: 2))
        let provider = try factory.make(name: "gpu", kind: .ollama, baseURL: server.baseURL)
        let results = await withTaskGroup(of: Collected.self) { group in
            for _ in 0..<5 { group.addTask { await collect(provider.stream(sampleRequest)) } }
            var all: [Collected] = []
            for await result in group { all.append(result) }
            return all
        }
        #expect(results.allSatisfy { $0.completion?.text == "ok" })
        #expect(state.current.peak <= 2)
        #expect(state.current.peak >= 1)
        #expect(server.requestCount == 5)
    }

    @Test("two clients of one name from the factory share the limit")
    func sharedLimit() async throws {
        let state = ClientBox((now: 0, peak: 0))
        let server = try LoopbackHTTPServer { _, writer in
            state.update { $0.now += 1; $0.peak = max($0.peak, $0.now) }
            _ = writer.sleep(seconds: 0.1)
            state.update { $0.now -= 1 }
            writer.stream(.openai, Dialect.openai.reply(["ok"]))
        }
        defer { server.stop() }
        let factory = ProviderFactory(settings: testSettings(concurrency: 1))
        let one = try factory.make(name: "local", kind: .openAICompatible, baseURL: server.baseURL + "/v1")
        let two = try factory.make(name: "local", kind: .openAICompatible, baseURL: server.baseURL + "/v1")
        async let first = collect(one.stream(sampleRequest))
        async let second = collect(two.stream(sampleRequest))
        let (a, b) = await (first, second)
        #expect(a.completion != nil && b.completion != nil)
        #expect(state.current.peak == 1)
    }

    @Test("a finished reply releases its permit, so a limit of 1 serves calls one after another")
    func permitReleased() async throws {
        let server = try LoopbackHTTPServer { _, writer in
            writer.stream(.anthropic, Dialect.anthropic.reply(["ok"]))
        }
        defer { server.stop() }
        let limiter = ConcurrencyLimiter(limit: 1)
        let provider = try Dialect.anthropic.provider(server.baseURL, settings: testSettings(), limiter: limiter)
        for _ in 0..<3 {
            #expect(await collect(provider.stream(sampleRequest)).completion?.text == "ok")
        }
        let failing = try Dialect.anthropic.provider("http://127.0.0.1:\(try unusedLoopbackPort())",
                                                     settings: testSettings(retries: 0), limiter: limiter)
        #expect(await collect(failing.stream(sampleRequest)).error?.kind == .unreachable)
        #expect(await collect(provider.stream(sampleRequest)).completion?.text == "ok")
        #expect(await limiter.inUse == 0)
    }
}
