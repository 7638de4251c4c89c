import Core
import Net

/// A client for any server with OpenAI's `/v1/chat/completions` SSE stream: OpenAI,
/// OpenRouter, llama.cpp, vLLM, Ollama's `/v1`. `baseURL` ends in the API version (`…/v1`,
/// OpenRouter `…/api/v1`); paths are appended to it. Sendable; any task may call it.
///
/// Invariants: the key, when given, is sent only as `Authorization: Bearer <key>` and never
/// appears in an error, a description or a reflection of this value; OpenRouter requests
/// (name `openrouter` or host `openrouter.ai`) also carry `HTTP-Referer` and `X-Title`.
public struct OpenAICompatibleProvider: ChatProvider {
    public let name: String
    public var kind: ProviderKind { .openAICompatible }
    public var baseURL: String { transport.base.display }
    /// `HTTP-Referer` sent to OpenRouter (its app attribution; a local app has no site).
    public static let openRouterReferer = "http://localhost"
    /// `X-Title` sent to OpenRouter.
    public static let openRouterTitle = "Atelier"
    let transport: ProviderTransport
    private let extraHeaders: [HTTPHeader]
    private let isLocal: Bool

    /// `apiKeyVariable` names the variable the key comes from, for hints (defaults follow
    /// `ClientDefaults.apiKeyVariable`); with `keyRequired` and no key every call fails at once
    /// with `.configuration`. `isLocal` (default: the host is loopback) makes listed models free.
    /// Throws `.configuration` for a bad base URL.
    public init(name: String, baseURL: String, apiKey: String? = nil, apiKeyVariable: String? = nil,
                keyRequired: Bool = false, isLocal: Bool? = nil, settings: ClientSettings = ClientSettings(), client: HTTPClient = .shared,
                limiter: ConcurrencyLimiter? = nil) throws(ProviderError) {
        let base = try BaseURL(baseURL, provider: name)
        let key = Secret.apiKey(apiKey)
        self.name = name
        self.isLocal = isLocal ?? base.isLoopback
        let variable = apiKeyVariable ?? ClientDefaults.apiKeyVariable(name: name, kind: .openAICompatible)
        let hint: String
        if name == "local" && base.isLoopback {
            // The default `local` endpoint is the small model `make local-model` serves.
            hint = "is the server running at \(base.display)? run `make local-model` in the Atelier checkout "
                + "for a small local model, or fix the base URL in the configuration"
        } else if base.isLoopback {
            hint = "is the server running at \(base.display)? start it, or fix the base URL in the configuration"
        } else {
            hint = "check the network and the base URL \(base.display)"
        }
        transport = ProviderTransport(
            client: client, settings: settings, identity: ProviderIdentity(name: name, apiKeyVariable: variable),
            base: base, unreachableHint: hint, key: key, keyRequired: keyRequired,
            limiter: limiter ?? ConcurrencyLimiter(limit: settings.maxConcurrentRequests))
        if name.lowercased() == "openrouter" || base.host == "openrouter.ai" || base.host.hasSuffix(".openrouter.ai") {
            extraHeaders = [HTTPHeader("HTTP-Referer", Self.openRouterReferer), HTTPHeader("X-Title", Self.openRouterTitle)]
        } else {
            extraHeaders = []
        }
    }

    public func stream(_ request: ChatRequest) -> AsyncThrowingStream<ChatDelta, Error> {
        if let missing = transport.missingKey(path: "/chat/completions") { return StreamingChatCall<OpenAIChatDecoder>.failing(missing) }
        let body = JSONValue.object(dropping: [
            ("model", .string(request.model)),
            ("messages", .messages(request.messages)),
            ("stream", .bool(true)),
            ("stream_options", .object([.init("include_usage", .bool(true))])),
            ("max_tokens", request.maxTokens.map { .int($0) }),
            ("temperature", request.temperature.map { .double($0) }),
            ("seed", request.seed.map { .int($0) }),
            ("response_format", request.jsonMode ? .object([.init("type", .string("json_object"))]) : nil),
        ])
        let http = transport.request(method: "POST", path: "/chat/completions",
                                     headers: headers(accept: "text/event-stream"),
                                     body: body, timeouts: transport.settings.chatTimeouts)
        let decoder = OpenAIChatDecoder(estimatedInputTokens: request.estimatedInputTokens,
                                        maxLineBytes: transport.settings.maxLineBytes)
        return StreamingChatCall(transport: transport, request: http, decoder: decoder).start()
    }

    /// `GET {base}/models`. OpenRouter's name, context length and pricing are used when
    /// present; models of a loopback server are free.
    public func listModels() async throws -> [ModelInfo] {
        if let missing = transport.missingKey(path: "/models") { throw missing }
        let request = transport.request(method: "GET", path: "/models", headers: headers(accept: "application/json"),
                                        timeouts: transport.settings.metadataTimeouts)
        let value = try await transport.fetchJSON(request)
        guard let entries = Self.modelEntries(value) else {
            throw ProviderError(.malformed, "\(name) answered /models without a data list",
                                url: transport.base.displayAppending("/models"))
        }
        return entries.compactMap { modelInfo($0) }
    }

    /// `GET {base}/models` with the probe limits: ok with the number of models.
    public func probe() async -> Reachability {
        if let missing = transport.missingKey(path: "/models") {
            return Reachability(provider: name, url: missing.url ?? baseURL, outcome: .failed(missing), elapsed: 0)
        }
        return await transport.probe(path: "/models", headers: headers(accept: "application/json")) { value in
            guard let entries = Self.modelEntries(value) else { return "answered, but not with a model list" }
            let count = entries.filter { JSONFields.string(JSONFields.dictionary($0)?["id"]) != nil }.count
            return count == 1 ? "1 model" : "\(count) models"
        }
    }

    private func headers(accept: String) -> [HTTPHeader] {
        var headers = [HTTPHeader("Accept", accept)]
        if let key = transport.key { headers.append(HTTPHeader("Authorization", "Bearer \(key.revealForHTTPHeader())")) }
        return headers + extraHeaders
    }

    /// The `data` array of a model list (or a bare array).
    static func modelEntries(_ value: Any) -> [Any]? {
        (JSONFields.dictionary(value)?["data"] as? [Any]) ?? (value as? [Any])
    }

    private func modelInfo(_ entry: Any) -> ModelInfo? {
        guard let object = JSONFields.dictionary(entry), let id = JSONFields.string(object["id"]), !id.isEmpty else {
            return nil
        }
        var info = ModelInfo(ref: ModelRef(provider: name, model: id),
                             displayName: JSONFields.string(object["name"]).flatMap { $0.isEmpty ? nil : $0 },
                             contextWindow: JSONFields.int(object["context_length"]),
                             capabilities: .init(vision: false, jsonMode: true, streaming: true),
                             source: .discovered)
        if let pricing = JSONFields.dictionary(object["pricing"]),
           let input = Self.price(pricing["prompt"]), let output = Self.price(pricing["completion"]) {
            info.pricePer1kInput = input * 1000
            info.pricePer1kOutput = output * 1000
        } else if isLocal {
            info.pricePer1kInput = 0
            info.pricePer1kOutput = 0
        }
        if let modalities = JSONFields.dictionary(object["architecture"])?["input_modalities"] as? [Any] {
            info.capabilities.vision = modalities.contains { ($0 as? String) == "image" }
        }
        return info
    }

    /// A per-token price written as a string (OpenRouter) or a number.
    private static func price(_ value: Any?) -> Double? {
        if let text = value as? String, let number = Double(text), number.isFinite, number >= 0 { return number }
        if let number = value as? Double, number.isFinite, number >= 0 { return number }
        return nil
    }
}
