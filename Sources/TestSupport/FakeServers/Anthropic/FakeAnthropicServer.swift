import Synchronization

/// A loopback server that behaves like the Anthropic Messages API: `POST /v1/messages`
/// (requires `x-api-key` (401 `authentication_error`), `anthropic-version` and `max_tokens`
/// (400 `invalid_request_error`); 404 `not_found_error` for an unknown model) streaming named
/// SSE events (`message_start`, `content_block_start`, `ping`, `content_block_delta`…,
/// `content_block_stop`, `message_delta` with `stop_reason` and cumulative `output_tokens`,
/// `message_stop`) or one message; `GET /v1/models`. Every answer carries a `request-id`.
/// Chat answers follow the `script`. Thread-safe; stops on `stop()` or when released.
public final class FakeAnthropicServer: FakeChatServer {
    public let script: FakeScript
    public let httpServer: LoopbackHTTPServer
    private let responder: AnthropicResponder

    /// Starts listening. `apiKey` nil accepts any non-empty `x-api-key`.
    public init(models: [String] = ["claude-sonnet-4-5", "claude-haiku-4-5", "claude-opus-4-1"],
                apiKey: String? = nil, defaultBehaviour: FakeBehaviour = .standard) throws {
        let script = FakeScript(defaultBehaviour: defaultBehaviour)
        let responder = AnthropicResponder(script: script, models: models, apiKey: apiKey)
        self.script = script
        self.responder = responder
        httpServer = try LoopbackHTTPServer { request, writer in responder.handle(request, writer) }
    }

    deinit { httpServer.stop() }

    /// `http://127.0.0.1:<port>` (the SDKs append `/v1/messages`).
    public var baseURL: String { httpServer.baseURL }

    /// The model ids the server knows.
    public var models: [String] {
        get { responder.models.withLock { $0 } }
        set { responder.models.withLock { $0 = newValue } }
    }

    /// The required key, or nil to accept any non-empty key.
    public var apiKey: String? {
        get { responder.apiKey.withLock { $0 } }
        set { responder.apiKey.withLock { $0 = newValue } }
    }
}

/// Routes and checks Anthropic requests in the API's order (key, version, body, fields,
/// model), then hands chat answers to `FakeStreamRunner`. Called on connection threads; its
/// mutable state is behind locks.
final class AnthropicResponder: Sendable {
    let script: FakeScript
    let models: Mutex<[String]>
    let apiKey: Mutex<String?>

    init(script: FakeScript, models: [String], apiKey: String?) {
        self.script = script
        self.models = Mutex(models)
        self.apiKey = Mutex(apiKey)
    }

    func handle(_ request: HTTPServerRequest, _ writer: HTTPServerResponseWriter) {
        script.record(FakeRequestRecord(request))
        let requestID = FakeServerSupport.randomID("req_")
        func fail(_ status: Int, _ type: String, _ message: String) {
            FakeServerSupport.respond(writer, status: status, contentType: "application/json",
                                      body: AnthropicEncoder.errorBody(type: type, message: message, requestID: requestID),
                                      headers: [("request-id", requestID)])
        }
        let key = request.header("x-api-key") ?? ""
        guard !key.isEmpty else { return fail(401, "authentication_error", "x-api-key header is required") }
        if let wanted = apiKey.withLock({ $0 }), key != wanted {
            return fail(401, "authentication_error", "invalid x-api-key")
        }
        guard request.header("anthropic-version") != nil else {
            return fail(400, "invalid_request_error", "anthropic-version: header is required")
        }
        let isChat = request.method == "POST" && request.path == "/v1/messages"
        if !isChat, FakeServerSupport.applyQueued(script, request, writer, failurePlan: { failure in
            AnthropicEncoder.failurePlan(failure, model: "", requestID: requestID)
        }) { return }
        switch (request.method, request.path) {
        case ("GET", "/v1/models"):
            FakeServerSupport.respond(writer, status: 200, contentType: "application/json",
                                      body: AnthropicEncoder.modelList(models.withLock { $0 }),
                                      headers: [("request-id", requestID)])
        case ("POST", "/v1/messages"):
            guard let json = FakeJSON.parse(request.body), json.object != nil else {
                return fail(400, "invalid_request_error", "There was an error parsing the body of your request.")
            }
            for field in ["model", "messages", "max_tokens"] where json[field] == nil {
                return fail(400, "invalid_request_error", "\(field): Field required")
            }
            guard json["max_tokens"]?.int != nil else {
                return fail(400, "invalid_request_error", "max_tokens: Input should be a valid integer")
            }
            let chat = FakeChatRequest.fromAnthropicBody(json)
            guard models.withLock({ $0.contains(chat.model) }) else {
                return fail(404, "not_found_error", "model: \(chat.model)")
            }
            guard let behaviour = script.take(path: request.path, isChat: true) else { return }
            if let failure = behaviour.failure {
                return FakeStreamRunner.run(AnthropicEncoder.failurePlan(failure, model: chat.model, requestID: requestID),
                                            behaviour, on: writer)
            }
            let plan = chat.stream
                ? AnthropicEncoder.streamPlan(chat, behaviour, requestID: requestID)
                : AnthropicEncoder.messagePlan(chat, behaviour, requestID: requestID)
            FakeStreamRunner.run(plan, behaviour, on: writer)
        default:
            fail(404, "not_found_error", "Not Found")
        }
    }
}
