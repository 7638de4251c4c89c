import Core

/// One model server speaking one wire protocol (Ollama native, OpenAI-compatible, Anthropic).
///
/// Implementations are `Sendable` and may be called from any task. `stream` starts the request
/// at once on its own task; cancelling the consuming task, or the returned stream being
/// terminated or released (e.g. by `break`ing out of a `for try await` over it), closes the
/// connection within a second. Every error thrown is a `ProviderError` that never contains
/// the API key.
public protocol ChatProvider: Sendable {
    /// The name people use in `provider:model` (`ollama`, `openai`, `local`, ...).
    var name: String { get }
    /// Which wire protocol the server speaks.
    var kind: ProviderKind { get }
    /// The base URL, for messages (never carries a key or user info).
    var baseURL: String { get }
    /// Streams one reply: text pieces, then `.finished` with usage and timings, or a `ProviderError`.
    /// A piece holds whatever arrived together (one network read may carry many tokens), so
    /// consumers must not count pieces as tokens.
    func stream(_ request: ChatRequest) -> AsyncThrowingStream<ChatDelta, Error>
    /// The models the server reports (`/api/tags`, `/v1/models`). Throws `ProviderError`.
    func listModels() async throws -> [ModelInfo]
    /// Whether the server answers, within a short time (3 s to connect, 5 s in all by default).
    func probe() async -> Reachability
}
