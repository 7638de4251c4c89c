import Core
import Engine
import Foundation
import Providers
import Store
import Testing

/// A provider that replays a script of deltas or an error, for the shared turn machinery.
private struct ScriptedProvider: ChatProvider {
    let name = "script"
    let kind = ProviderKind.openAICompatible
    let baseURL = "script://"
    let pieces: [String]
    let failure: ProviderError?

    func stream(_ request: ChatRequest) -> AsyncThrowingStream<ChatDelta, Error> {
        AsyncThrowingStream { continuation in
            for piece in pieces { continuation.yield(.text(piece)) }
            if let failure {
                continuation.finish(throwing: failure.withPartialText(pieces.joined()))
            } else {
                let text = pieces.joined()
                continuation.yield(.finished(ChatCompletion(text: text, usage: Usage(inputTokens: 10, outputTokens: 4),
                                                            finishReason: "stop", timeToFirstToken: 0.01, latency: 0.02)))
                continuation.finish()
            }
        }
    }

    func listModels() async throws -> [ModelInfo] { [] }
    func probe() async -> Reachability { Reachability(provider: name, url: baseURL, outcome: .ok(detail: "scripted"), elapsed: 0) }
}

private struct Directory: ModelDirectory {
    let provider: ScriptedProvider
    func resolve(_ ref: ModelRef) throws -> ResolvedModel {
        guard ref.provider == "script" else { throw ProviderError(.modelNotFound, "unknown model \(ref)") }
        return ResolvedModel(info: ModelInfo(ref: ref, pricePer1kInput: 1, pricePer1kOutput: 2), provider: provider)
    }
}

private final class Events: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [TurnEvent] = []
    func add(_ event: TurnEvent) { lock.withLock { list.append(event) } }
    var all: [TurnEvent] { lock.withLock { list } }
}

@Suite struct TurnRunnerTests {
    func makeStore() throws -> Store {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("turn-\(UUID().uuidString)")
        return try Store(path: dir.appendingPathComponent("a.db").path)
    }

    @Test func completedTurnIsStoredWithUsageAndCost() async throws {
        let store = try makeStore()
        let session = try await store.createSession(kind: .chat, title: "t")
        let runner = TurnRunner(store: store, directory: Directory(provider: ScriptedProvider(pieces: ["Hel", "lo ✨"], failure: nil)))
        let events = Events()
        let outcome = try await runner.run(TurnRequest(sessionID: session.id, speaker: "Luna",
                                                       model: ModelRef(provider: "script", model: "m"),
                                                       messages: [.user("hi")]), emit: { events.add($0) })
        #expect(outcome.succeeded)
        #expect(outcome.text == "Hello ✨")
        #expect(outcome.message.usage?.outputTokens == 4)
        #expect(abs((outcome.message.cost ?? 0) - 0.018) < 1e-9)
        let stored = try #require(try await store.message(id: outcome.message.id))
        #expect(stored.content == "Hello ✨")
        #expect(stored.status == .complete)
        #expect(events.all.count == 4)
        let usage = try await store.usageSummary()
        #expect(usage.first?.outputTokens == 4)
    }

    @Test func failureKeepsPartialTextAndIsNotThrown() async throws {
        let store = try makeStore()
        let session = try await store.createSession(kind: .chat, title: "t")
        let failing = ScriptedProvider(pieces: ["half an ans"], failure: ProviderError(.incomplete, "cut"))
        let runner = TurnRunner(store: store, directory: Directory(provider: failing))
        let outcome = try await runner.run(TurnRequest(sessionID: session.id, speaker: "Frame",
                                                       model: ModelRef(provider: "script", model: "m"), messages: []))
        #expect(!outcome.succeeded)
        #expect(outcome.error?.kind == .incomplete)
        #expect(outcome.message.status == .error)
        #expect(try await store.message(id: outcome.message.id)?.content == "half an ans")
    }

    @Test func unknownModelIsStoredAsAnError() async throws {
        let store = try makeStore()
        let session = try await store.createSession(kind: .chat, title: "t")
        let runner = TurnRunner(store: store, directory: Directory(provider: ScriptedProvider(pieces: [], failure: nil)))
        let outcome = try await runner.run(TurnRequest(sessionID: session.id, speaker: "Saga",
                                                       model: ModelRef(provider: "nope", model: "m"), messages: []))
        #expect(outcome.error?.kind == .modelNotFound)
        #expect(outcome.message.error?.contains("unknown model") == true)
    }
}
