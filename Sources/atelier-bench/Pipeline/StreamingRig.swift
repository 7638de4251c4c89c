import Core
import Engine
import Foundation
import Net
import Providers
import Store
import TestSupport

/// The pipeline under test, wired as the application wires it: a real `HTTPClient`
/// (libcurl), the OpenAI-compatible client with its SSE decoder, a `TurnRunner`, and a
/// `Store` on a fresh file whose `MessageStreamWriter` batches the streamed text. Its
/// fake server runs in a child process. Used by one measure at a time; turns may run
/// concurrently.
struct StreamingRig: Sendable {
    let store: Store
    let runner: TurnRunner
    let client: HTTPClient
    let server: FakeServerProcess
    /// The text every turn must store, made once (so checking a turn costs the measured
    /// window nothing).
    let expectedText: String

    /// Wires the pipeline to `server`, allowing `concurrency` requests at once.
    static func make(_ context: BenchContext, server: FakeServerProcess, concurrency: Int = 8) async throws -> StreamingRig {
        let directory = try context.directory("pipeline")
        let store = try Store(path: directory + "/atelier.db")
        let client = HTTPClient(userAgent: "atelier-bench")
        let provider = try OpenAICompatibleProvider(name: BenchDirectory.providerName, baseURL: server.baseURL,
                                                    settings: ClientSettings(maxConcurrentRequests: concurrency),
                                                    client: client)
        return StreamingRig(store: store, runner: TurnRunner(store: store, directory: BenchDirectory(provider: provider)),
                            client: client, server: server,
                            expectedText: FakeBehaviour.Reply.generatedText(tokens: server.spec.tokens))
    }

    /// Runs `body` with a rig on `server`, closing its store afterwards either way.
    static func with<T>(_ context: BenchContext, server: FakeServerProcess, concurrency: Int = 8,
                        _ body: (StreamingRig) async throws -> T) async throws -> T {
        let rig = try await make(context, server: server, concurrency: concurrency)
        do {
            let result = try await body(rig)
            await rig.close()
            return result
        } catch {
            await rig.close()
            throw error
        }
    }

    /// A new chat session with the prompt stored, ready for a turn.
    func session() async throws -> Int64 {
        let session = try await store.createSession(kind: .chat, title: "bench")
        _ = try await store.insertMessage(sessionID: session.id, role: .user, speaker: "you", content: Self.prompt)
        return session.id
    }

    static let prompt = "Tell me a very long story about a fox."

    /// One turn of `model` in `sessionID`, its events going to `stage`. Throws when the turn
    /// failed or stored anything but the expected answer.
    @discardableResult
    func turn(sessionID: Int64, model: String = "m1", stage: EventStage) async throws -> TurnOutcome {
        let request = TurnRequest(sessionID: sessionID, speaker: "bench", model: BenchDirectory.ref(model),
                                  messages: [.user(Self.prompt)])
        let outcome = try await runner.run(request) { stage.receive($0) }
        stage.finish()
        guard outcome.succeeded else {
            throw BenchError("the turn failed: \(outcome.error?.description ?? outcome.message.status.rawValue)")
        }
        guard outcome.text == expectedText else {
            throw BenchError("the stored answer differs from what the server sent (\(outcome.text.utf8.count) bytes)")
        }
        return outcome
    }

    /// The request the provider sends, as raw HTTP (for the transport-only floor).
    func rawRequest(model: String = "m1") -> HTTPRequest {
        let body = """
            {"model":"\(model)","messages":[{"role":"user","content":"\(Self.prompt)"}],\
            "stream":true,"stream_options":{"include_usage":true}}
            """
        return HTTPRequest(method: "POST", url: server.baseURL + "/chat/completions",
                           headers: [HTTPHeader("Accept", "text/event-stream"), HTTPHeader("Content-Type", "application/json")],
                           body: Array(body.utf8))
    }

    /// The raw request as a `curl` command line (for the external reference).
    func curlArguments(model: String = "m1") -> [String] {
        let request = rawRequest(model: model)
        return ["-sS", "-N", "-o", "/dev/null", "-X", "POST", "-H", "Accept: text/event-stream",
                "-H", "Content-Type: application/json", "--data-binary", String(decoding: request.body ?? [], as: UTF8.self),
                request.url]
    }

    /// Reads one whole response through the transport alone; returns (bytes, chunks, first chunk instant).
    func readRaw(model: String = "m1") async throws -> (bytes: Int, chunks: Int, firstChunk: ContinuousClock.Instant?) {
        let response = try await client.stream(rawRequest(model: model))
        defer { response.cancel() }
        guard response.head.status == 200 else { throw BenchError("the fake server answered \(response.head.status)") }
        var bytes = 0
        var chunks = 0
        var first: ContinuousClock.Instant?
        for try await chunk in response.body {
            if first == nil { first = .now }
            bytes += chunk.count
            chunks += 1
        }
        return (bytes, chunks, first)
    }

    /// Closes the store (the server is stopped by its owner).
    func close() async {
        try? await store.close()
    }
}
