/// Who a client talks to, as error messages and hints name it: the provider's name and the
/// environment variable that holds its API key (nil for servers that take none, such as a
/// local Ollama). A plain value.
public struct ProviderIdentity: Sendable, Hashable {
    /// The name people use in `provider:model` (`openai`, `ollama`, ...).
    public var name: String
    /// The variable a person sets to give the key (`OPENAI_API_KEY`), if the provider uses one.
    public var apiKeyVariable: String?

    public init(name: String, apiKeyVariable: String? = nil) {
        self.name = name
        self.apiKeyVariable = apiKeyVariable
    }
}
