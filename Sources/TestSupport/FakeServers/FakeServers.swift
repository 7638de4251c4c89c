/// The three fake LLM servers started together (each on its own free port), for end-to-end
/// tests and the benchmark. Thread-safe; `stop()` stops all three, as does releasing this.
public final class FakeServers: Sendable {
    public let ollama: FakeOllamaServer
    public let openAI: FakeOpenAIServer
    public let anthropic: FakeAnthropicServer

    /// Starts all three; throws (stopping any already started) when one cannot listen.
    public init(openAIFlavour: FakeOpenAIServer.Flavour = .openAI, openAIKey: String? = nil,
                anthropicKey: String? = nil, defaultBehaviour: FakeBehaviour = .standard) throws {
        ollama = try FakeOllamaServer(defaultBehaviour: defaultBehaviour)
        openAI = try FakeOpenAIServer(flavour: openAIFlavour, apiKey: openAIKey, defaultBehaviour: defaultBehaviour)
        anthropic = try FakeAnthropicServer(apiKey: anthropicKey, defaultBehaviour: defaultBehaviour)
    }

    deinit { stop() }

    /// The three, for loops over all of them.
    public var all: [any FakeChatServer] { [ollama, openAI, anthropic] }

    /// Sets the default behaviour of all three.
    public func setDefaultBehaviour(_ behaviour: FakeBehaviour) {
        for server in all { server.script.defaultBehaviour = behaviour }
    }

    public func stop() {
        ollama.stop()
        openAI.stop()
        anthropic.stop()
    }
}
