/// What a provider is asked to stream: the provider-local model id, the whole context
/// (specialists are stateless, so every call carries everything it needs) and sampling options.
///
/// Invariant: `model` is the id *inside* the provider (`llama3.2`, not `ollama:llama3.2`);
/// the registry resolves a `ModelRef` before a request is made. A plain value.
public struct ChatRequest: Sendable, Hashable {
    public var model: String
    public var messages: [ChatMessage]
    public var temperature: Double?
    public var maxTokens: Int?
    /// Ask for a JSON object (Ollama `format:"json"`, OpenAI `response_format`); Anthropic ignores it.
    public var jsonMode: Bool
    public var seed: Int?

    public init(model: String, messages: [ChatMessage], temperature: Double? = nil,
                maxTokens: Int? = nil, jsonMode: Bool = false, seed: Int? = nil) {
        self.model = model
        self.messages = messages
        self.temperature = temperature
        self.maxTokens = maxTokens
        self.jsonMode = jsonMode
        self.seed = seed
    }

    /// The system text, joined, for APIs with no system role (Anthropic).
    public var systemText: String? {
        let parts = messages.filter { $0.role == .system }.map(\.content)
        return parts.isEmpty ? nil : parts.joined(separator: "\n\n")
    }
}
