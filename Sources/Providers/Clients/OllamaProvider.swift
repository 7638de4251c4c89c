import Core
import Net

/// A client for Ollama's native API: `POST /api/chat` (NDJSON stream), `GET /api/tags`,
/// `POST /api/show`, `GET /api/version`. No key. Sendable; any task may call it.
///
/// Invariants: every thrown error is a `ProviderError`; unreachable-server errors name the
/// URL and say how to start Ollama or point `OLLAMA_HOST` at it. Concurrent chats share one
/// `ConcurrencyLimiter` (the one given, or one per instance).
public struct OllamaProvider: ChatProvider {
    public let name: String
    public var kind: ProviderKind { .ollama }
    public var baseURL: String { transport.base.display }
    let transport: ProviderTransport

    /// The fix shown when the server cannot be reached.
    public static let unreachableHint = "is Ollama running? start it with `ollama serve` or set OLLAMA_HOST"

    /// Throws `.configuration` when `baseURL` is not an absolute http(s) URL.
    public init(name: String = "ollama", baseURL: String = AtelierDefaults.ollamaURL,
                settings: ClientSettings = ClientSettings(), client: HTTPClient = .shared,
                limiter: ConcurrencyLimiter? = nil) throws(ProviderError) {
        self.name = name
        transport = ProviderTransport(
            client: client, settings: settings, identity: ProviderIdentity(name: name),
            base: try BaseURL(baseURL, provider: name), unreachableHint: Self.unreachableHint, key: nil,
            limiter: limiter ?? ConcurrencyLimiter(limit: settings.maxConcurrentRequests))
    }

    public func stream(_ request: ChatRequest) -> AsyncThrowingStream<ChatDelta, Error> {
        let options = JSONValue.object(dropping: [
            ("temperature", request.temperature.map { .double($0) }),
            ("num_predict", request.maxTokens.map { .int($0) }),
            ("seed", request.seed.map { .int($0) }),
        ])
        let hasOptions = request.temperature != nil || request.maxTokens != nil || request.seed != nil
        let body = JSONValue.object(dropping: [
            ("model", .string(request.model)),
            ("messages", .messages(request.messages)),
            ("stream", .bool(true)),
            ("options", hasOptions ? options : nil),
            ("format", request.jsonMode ? .string("json") : nil),
        ])
        let http = transport.request(method: "POST", path: "/api/chat",
                                     headers: [HTTPHeader("Accept", "application/x-ndjson")],
                                     body: body, timeouts: transport.settings.chatTimeouts)
        let decoder = OllamaChatDecoder(maxLineBytes: transport.settings.maxLineBytes)
        return StreamingChatCall(transport: transport, request: http, decoder: decoder).start()
    }

    public func listModels() async throws -> [ModelInfo] {
        try await localModels().map { $0.modelInfo(provider: name) }
    }

    /// The models installed on the server (`GET /api/tags`), with their details.
    public func localModels() async throws(ProviderError) -> [OllamaModel] {
        let value = try await transport.fetchJSON(metadataRequest(method: "GET", path: "/api/tags"))
        guard let list = JSONFields.dictionary(value)?["models"] as? [Any] else {
            throw ProviderError(.malformed, "\(name) answered /api/tags without a models list",
                                url: transport.base.displayAppending("/api/tags"))
        }
        return list.compactMap { OllamaModel(json: $0) }
    }

    /// What the server knows about one model (`POST /api/show`): context window, capabilities.
    /// An unknown model is `.modelNotFound`.
    public func show(_ model: String) async throws(ProviderError) -> OllamaModelDetails {
        let body = JSONValue.object([.init("model", .string(model))])
        let value = try await transport.fetchJSON(metadataRequest(method: "POST", path: "/api/show", body: body))
        guard let object = JSONFields.dictionary(value) else {
            throw ProviderError(.malformed, "\(name) answered /api/show with something other than an object",
                                url: transport.base.displayAppending("/api/show"))
        }
        return OllamaModelDetails(name: model, json: object)
    }

    /// The server's version (`GET /api/version`).
    public func version() async throws(ProviderError) -> String {
        let value = try await transport.fetchJSON(metadataRequest(method: "GET", path: "/api/version"))
        guard let version = JSONFields.string(JSONFields.dictionary(value)?["version"]) else {
            throw ProviderError(.malformed, "\(name) answered /api/version without a version",
                                url: transport.base.displayAppending("/api/version"))
        }
        return version
    }

    /// `GET /api/version`: ok with `Ollama <version>`.
    public func probe() async -> Reachability {
        await transport.probe(path: "/api/version") { value in
            JSONFields.string(JSONFields.dictionary(value)?["version"]).map { "Ollama \($0)" } ?? "Ollama (no version given)"
        }
    }

    private func metadataRequest(method: String, path: String, body: JSONValue? = nil) -> HTTPRequest {
        transport.request(method: method, path: path, headers: [HTTPHeader("Accept", "application/json")],
                          body: body, timeouts: transport.settings.metadataTimeouts)
    }
}
