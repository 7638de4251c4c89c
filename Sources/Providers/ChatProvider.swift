import Core

/// One model server speaking one wire protocol (Ollama native, OpenAI-compatible, Anthropic).
///
/// Implementations are `Sendable` and may be called from any task. `stream` starts the request
/// when iteration begins; cancelling the consuming task (or calling the stream's termination)
/// closes the connection within a second.
public protocol ChatProvider: Sendable {
    /// The name people use in `provider:model` (`ollama`, `openai`, `local`, ...).
    var name: String { get }
    /// The base URL, for messages (never carries a key).
    var baseURL: String { get }
    /// Streams one reply: text pieces, then `.finished` with usage and timings, or a `ProviderError`.
    func stream(_ request: ChatRequest) -> AsyncThrowingStream<ChatDelta, Error>
    /// The models the server reports (`/api/tags`, `/v1/models`).
    func listModels() async throws -> [ModelInfo]
}
