import Core
import Providers
import TestSupport

/// A model whose reply is already decoded: the fake server's generated pieces, yielded as
/// `.text` deltas in process with no network and no parsing. Measures what the engine and
/// the store cost per token on their own. Sendable; any task may call it.
struct PredecodedProvider: ChatProvider {
    let name = BenchDirectory.providerName
    let kind = ProviderKind.openAICompatible
    let baseURL = "predecoded://bench"
    let tokens: Int

    func stream(_ request: ChatRequest) -> AsyncThrowingStream<ChatDelta, Error> {
        let (stream, continuation) = AsyncThrowingStream<ChatDelta, Error>.makeStream()
        let task = Task {
            var text = ""
            for index in 0..<tokens {
                let piece = FakeBehaviour.Reply.generatedPiece(index)
                text += piece
                if case .terminated = continuation.yield(.text(piece)) { return }
            }
            let usage = Usage(inputTokens: 10, outputTokens: tokens)
            continuation.yield(.finished(ChatCompletion(text: text, usage: usage, finishReason: "stop",
                                                        timeToFirstToken: 0, latency: 0)))
            continuation.finish()
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    func listModels() async throws -> [ModelInfo] { [] }

    func probe() async -> Reachability {
        Reachability(provider: name, url: baseURL, outcome: .ok(detail: "predecoded"), elapsed: 0)
    }
}
