import Core
import Net

/// A client for Anthropic's Messages API: `POST {base}/v1/messages` (named-event SSE) and
/// `GET {base}/v1/models`. The base is the host (`https://api.anthropic.com`); a base that
/// already ends in `/v1` is accepted too. Sendable; any task may call it.
///
/// Invariants: the key is sent only as `x-api-key` and never appears in an error, a
/// description or a reflection of this value; every request carries
/// `anthropic-version: 2023-06-01`; system messages travel in `system` (joined), never as a
/// role; `max_tokens` is always sent (the request's, else `defaultMaxTokens`).
public struct AnthropicProvider: ChatProvider {
    public let name: String
    public var kind: ProviderKind { .anthropic }
    public var baseURL: String { transport.base.display }
    /// The API version header value.
    public static let apiVersion = "2023-06-01"
    /// `max_tokens` when the request gives none (the API requires one).
    public static let defaultMaxTokens = 4096
    /// Models listed per page of `/v1/models`, and the most pages read.
    static let pageSize = 1000
    static let maxPages = 20
    let transport: ProviderTransport
        private let prefix: String

    /// Throws `.configuration` for a bad base URL. A missing key is not an error here: calls
    /// fail at once with `.configuration` when `keyRequired`, else the server answers 401 and
    /// the error names `apiKeyVariable` (default `ANTHROPIC_API_KEY`).
    public init(name: String = "anthropic", baseURL: String = ClientDefaults.baseURL(name: "anthropic", kind: .anthropic),
                apiKey: String?, apiKeyVariable: String? = nil, keyRequired: Bool = false,
                settings: ClientSettings = ClientSettings(), client: HTTPClient = .shared,
                limiter: ConcurrencyLimiter? = nil) throws(ProviderError) {
        let base = try BaseURL(baseURL, provider: name)
        let key = Secret.apiKey(apiKey)
        self.name = name
        prefix = base.string.lowercased().hasSuffix("/v1") ? "" : "/v1"
        let variable = apiKeyVariable ?? ClientDefaults.apiKeyVariable(name: name, kind: .anthropic)
        transport = ProviderTransport(
            client: client, settings: settings, identity: ProviderIdentity(name: name, apiKeyVariable: variable),
            base: base, unreachableHint: "check the network and the base URL \(base.display)",
            key: key, keyRequired: keyRequired,
            limiter: limiter ?? ConcurrencyLimiter(limit: settings.maxConcurrentRequests))
    }

    public func stream(_ request: ChatRequest) -> AsyncThrowingStream<ChatDelta, Error> {
        if let missing = transport.missingKey(path: prefix + "/messages") { return StreamingChatCall<AnthropicChatDecoder>.failing(missing) }
        let turns = request.messages.filter { $0.role != .system }
        let body = JSONValue.object(dropping: [
            ("model", .string(request.model)),
            ("max_tokens", .int(request.maxTokens ?? Self.defaultMaxTokens)),
            ("system", request.systemText.map { .string($0) }),
            ("messages", .messages(turns)),
            ("temperature", request.temperature.map { .double($0) }),
            ("stream", .bool(true)),
        ])
        let http = transport.request(method: "POST", path: prefix + "/messages", headers: headers(accept: "text/event-stream"),
                                     body: body, timeouts: transport.settings.chatTimeouts)
        let decoder = AnthropicChatDecoder(maxLineBytes: transport.settings.maxLineBytes)
        return StreamingChatCall(transport: transport, request: http, decoder: decoder).start()
    }

    /// Every page of `GET /v1/models` (up to `maxPages` pages of `pageSize`).
    public func listModels() async throws -> [ModelInfo] {
        if let missing = transport.missingKey(path: prefix + "/models") { throw missing }
        var models: [ModelInfo] = []
        var after: String?
        for _ in 0..<Self.maxPages {
            var path = prefix + "/models?limit=\(Self.pageSize)"
            if let after { path += "&after_id=\(Self.queryEscaped(after))" }
            let request = transport.request(method: "GET", path: path, headers: headers(accept: "application/json"),
                                            timeouts: transport.settings.metadataTimeouts)
            let value = try await transport.fetchJSON(request)
            guard let object = JSONFields.dictionary(value), let data = object["data"] as? [Any] else {
                throw ProviderError(.malformed, "\(name) answered /v1/models without a data list",
                                    url: transport.base.displayAppending(prefix + "/models"))
            }
            for case let entry as [String: Any] in data {
                guard let id = JSONFields.string(entry["id"]), !id.isEmpty else { continue }
                models.append(ModelInfo(ref: ModelRef(provider: name, model: id),
                                        displayName: JSONFields.string(entry["display_name"]).flatMap { $0.isEmpty ? nil : $0 },
                                        capabilities: .init(vision: true, jsonMode: false, streaming: true),
                                        source: .discovered))
            }
            guard JSONFields.bool(object["has_more"]) == true, let last = JSONFields.string(object["last_id"]),
                  last != after else { break }
            after = last
        }
        return models
    }

    /// `GET /v1/models` with the key and the probe limits: ok with the number of models.
    /// With no key it fails at once (`.configuration`), since the server would refuse.
    public func probe() async -> Reachability {
        let path = prefix + "/models?limit=\(Self.pageSize)"
        guard transport.key != nil else {
            let variable = transport.identity.apiKeyVariable ?? "ANTHROPIC_API_KEY"
            let url = transport.base.displayAppending(prefix + "/models")
            let error = ProviderError(.configuration, "no API key for \(name)", url: url,
                                      hint: "set \(variable) to an Anthropic API key")
            return Reachability(provider: name, url: url, outcome: .failed(error), elapsed: 0)
        }
        return await transport.probe(path: path, headers: headers(accept: "application/json")) { value in
            let count = (JSONFields.dictionary(value)?["data"] as? [Any])?.count ?? 0
            return count == 1 ? "1 model" : "\(count) models"
        }
    }

    private func headers(accept: String) -> [HTTPHeader] {
        var headers = [HTTPHeader("Accept", accept), HTTPHeader("anthropic-version", Self.apiVersion)]
        if let key = transport.key { headers.append(HTTPHeader("x-api-key", key.revealForHTTPHeader())) }
        return headers
    }

    /// Percent-escapes everything but unreserved characters.
    private static func queryEscaped(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                out.append(Character(Unicode.Scalar(byte)))
            default:
                let digits = Array("0123456789ABCDEF")
                out.append("%")
                out.append(digits[Int(byte >> 4)])
                out.append(digits[Int(byte & 0x0F)])
            }
        }
        return out
    }
}
