import Synchronization

/// A loopback OpenAI-compatible server (base URL ends in `/v1`): `GET /v1/models` and
/// `POST /v1/chat/completions`, streaming SSE (`text/event-stream`: a role chunk, content
/// chunks, a finish chunk with an empty delta, with `stream_options.include_usage` a
/// `choices: []` usage chunk, then `data: [DONE]`) or one JSON reply. Its `Flavour` picks
/// whose dialect it speaks (OpenAI, OpenRouter, llama.cpp), including error shapes. With an
/// `apiKey`, `Authorization: Bearer <key>` is required. Chat answers follow the `script`.
/// Thread-safe; stops on `stop()` or when released.
public final class FakeOpenAIServer: FakeChatServer {
    /// Whose dialect the server speaks.
    public struct Flavour: Sendable, Hashable {
        /// The server family.
        public enum Family: Sendable, Hashable {
            /// api.openai.com: compact JSON, string error `code`s, 404 for unknown models.
            case openAI
            /// openrouter.ai: `: OPENROUTER PROCESSING` comment first, `delta.reasoning`,
            /// numeric error `code`s, mid-stream errors as a chunk with `finish_reason:"error"`.
            case openRouter
            /// llama.cpp as recorded in Tests/Fixtures/real: Python-style spaced JSON with
            /// `\uXXXX` escapes, first delta only `role`, answers any model name and echoes it,
            /// no usage chunk even when asked, numeric error `code`s.
            case llamaCpp
        }

        public var family: Family
        /// llama.cpp: a `timings` object on the final chunk and the non-stream reply.
        public var timings: Bool

        public init(_ family: Family, timings: Bool = false) {
            self.family = family
            self.timings = timings
        }

        public static let openAI = Flavour(.openAI)
        public static let openRouter = Flavour(.openRouter)
        /// llama.cpp with `timings` on the final chunk.
        public static let llamaCpp = Flavour(.llamaCpp, timings: true)
        /// Exactly the recorded llama.cpp stream (`llamacpp-chat-stream.sse`): no `timings`.
        public static let llamaCppRecorded = Flavour(.llamaCpp, timings: false)
    }

    public let script: FakeScript
    public let httpServer: LoopbackHTTPServer
    public let flavour: Flavour
    private let responder: OpenAIResponder

    /// Starts listening. `models` nil: `gpt-4o-mini`, `gpt-4.1` (OpenAI), `openai/gpt-4o-mini`,
    /// `google/gemini-2.5-flash` (OpenRouter), `gemma-3-270m` (llama.cpp).
    public init(flavour: Flavour = .openAI, models: [String]? = nil, apiKey: String? = nil,
                defaultBehaviour: FakeBehaviour = .standard) throws {
        let script = FakeScript(defaultBehaviour: defaultBehaviour)
        let names: [String]
        switch flavour.family {
        case .openAI: names = models ?? ["gpt-4o-mini", "gpt-4.1"]
        case .openRouter: names = models ?? ["openai/gpt-4o-mini", "google/gemini-2.5-flash"]
        case .llamaCpp: names = models ?? ["gemma-3-270m"]
        }
        let responder = OpenAIResponder(script: script, flavour: flavour, models: names, apiKey: apiKey)
        self.script = script
        self.flavour = flavour
        self.responder = responder
        httpServer = try LoopbackHTTPServer { request, writer in responder.handle(request, writer) }
    }

    deinit { httpServer.stop() }

    /// `http://127.0.0.1:<port>/v1`.
    public var baseURL: String { httpServer.baseURL + "/v1" }

    /// The model ids the server knows (llama.cpp lists the first and accepts any).
    public var models: [String] {
        get { responder.models.withLock { $0 } }
        set { responder.models.withLock { $0 = newValue } }
    }

    /// The required API key, or nil to accept any or none.
    public var apiKey: String? {
        get { responder.apiKey.withLock { $0 } }
        set { responder.apiKey.withLock { $0 = newValue } }
    }
}
