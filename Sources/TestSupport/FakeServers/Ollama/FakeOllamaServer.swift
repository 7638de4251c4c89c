import Synchronization

/// A loopback server that behaves like Ollama's native API: `GET`/`HEAD /` ("Ollama is
/// running"), `/api/version`, `/api/tags`, `GET /api/ps` (the loaded models: those chatted
/// with, loaded, or set with `loadedModels`), `POST /api/generate` without a prompt (loads a
/// model, or unloads it with `keep_alive: 0`, as Ollama does), `POST /api/show`, and `POST /api/chat` streaming
/// NDJSON (`application/x-ndjson`) or answering one object with `stream:false`; Ollama's
/// `{"error":"..."}` bodies for a missing body or bad JSON (400), an unknown model (404), a
/// capability the model lacks (400). Chat answers follow the `script`.
/// Thread-safe; stops on `stop()` or when released.
public final class FakeOllamaServer: FakeChatServer {
    public let script: FakeScript
    public let httpServer: LoopbackHTTPServer
    private let responder: OllamaResponder

    /// Starts listening on 127.0.0.1 (a free port).
    public init(models: [FakeOllamaModel] = FakeOllamaModel.defaults, version: String = "0.12.6",
                defaultBehaviour: FakeBehaviour = .standard) throws {
        let script = FakeScript(defaultBehaviour: defaultBehaviour)
        let responder = OllamaResponder(script: script, models: models, version: version)
        self.script = script
        self.responder = responder
        httpServer = try LoopbackHTTPServer { request, writer in responder.handle(request, writer) }
    }

    deinit { httpServer.stop() }

    /// `http://127.0.0.1:<port>` (what `OLLAMA_HOST` would hold).
    public var baseURL: String { httpServer.baseURL }

    /// The models loaded now (what `/api/ps` lists), `model:tag` names.
    public var loadedModels: [String] {
        get { responder.loaded.withLock { $0 } }
        set { responder.loaded.withLock { $0 = newValue.map(FakeOllamaModel.normalize) } }
    }

    /// The models named by unload requests (`keep_alive: 0`), in order.
    public var unloadRequests: [String] { responder.unloads.withLock { $0 } }

    /// The models the server has; changing them affects the next requests.
    public var models: [FakeOllamaModel] {
        get { responder.models.withLock { $0 } }
        set { responder.models.withLock { $0 = newValue } }
    }
}

/// Routes and checks Ollama requests, then hands chat answers to `FakeStreamRunner`.
/// Called on connection threads; its mutable state is behind locks.
final class OllamaResponder: Sendable {
    let script: FakeScript
    let models: Mutex<[FakeOllamaModel]>
    let version: String
    /// Loaded models in load order (`/api/ps`).
    let loaded = Mutex<[String]>([])
    /// Models named by unload requests.
    let unloads = Mutex<[String]>([])

    static let jsonType = "application/json; charset=utf-8"

    init(script: FakeScript, models: [FakeOllamaModel], version: String) {
        self.script = script
        self.models = Mutex(models)
        self.version = version
    }

    func handle(_ request: HTTPServerRequest, _ writer: HTTPServerResponseWriter) {
        script.record(FakeRequestRecord(request))
        let isChat = request.path == "/api/chat" && request.method == "POST"
        if !isChat, FakeServerSupport.applyQueued(script, request, writer, failurePlan: { failure in
            OllamaEncoder.failurePlan(failure, model: FakeJSON.parse(request.body)?["model"]?.string ?? "")
        }) { return }
        switch (request.method, request.path) {
        case ("GET", "/"), ("HEAD", "/"):
            FakeServerSupport.respond(writer, status: 200, contentType: "text/plain; charset=utf-8",
                                      body: "Ollama is running")
        case ("GET", "/api/version"), ("HEAD", "/api/version"):
            sendJSON(writer, 200, .object([("version", .string(version))]))
        case ("GET", "/api/tags"), ("HEAD", "/api/tags"):
            sendJSON(writer, 200, .object([("models", .array(models.withLock { $0 }.map(\.tagsEntry)))]))
        case ("GET", "/api/ps"):
            processes(writer)
        case ("POST", "/api/generate"):
            generate(request, writer)
        case ("POST", "/api/show"):
            show(request, writer)
        case ("POST", "/api/chat"):
            chat(request, writer)
        default:
            FakeServerSupport.respond(writer, status: 404, contentType: "text/plain", body: "404 page not found")
        }
    }

    func sendJSON(_ writer: HTTPServerResponseWriter, _ status: Int, _ value: JSONOut) {
        FakeServerSupport.respond(writer, status: status, contentType: Self.jsonType, body: value.text(.go))
    }

    func error(_ writer: HTTPServerResponseWriter, _ status: Int, _ message: String) {
        sendJSON(writer, status, .object([("error", .string(message))]))
    }

    func find(_ name: String) -> FakeOllamaModel? {
        let wanted = FakeOllamaModel.normalize(name)
        return models.withLock { $0.first { $0.name == wanted } }
    }

    func parseBody(_ request: HTTPServerRequest, _ writer: HTTPServerResponseWriter) -> FakeJSON? {
        guard !request.body.isEmpty else {
            error(writer, 400, "missing request body")
            return nil
        }
        guard let json = FakeJSON.parse(request.body) else {
            error(writer, 400, FakeServerSupport.goJSONError(request.body))
            return nil
        }
        guard json.object != nil else {
            error(writer, 400, "json: cannot unmarshal \(json.array != nil ? "array" : "value") into Go value of type api.ChatRequest")
            return nil
        }
        return json
    }

    private func show(_ request: HTTPServerRequest, _ writer: HTTPServerResponseWriter) {
        guard let json = parseBody(request, writer) else { return }
        let name = json["model"]?.string ?? json["name"]?.string ?? ""
        guard !name.isEmpty else { return error(writer, 400, "model is required") }
        guard let model = find(name) else {
            return error(writer, 404, "model '\(FakeOllamaModel.normalize(name))' not found")
        }
        sendJSON(writer, 200, model.showBody)
    }

    private func chat(_ request: HTTPServerRequest, _ writer: HTTPServerResponseWriter) {
        guard let json = parseBody(request, writer) else { return }
        let chat = FakeChatRequest.fromMessagesBody(json, streamDefault: true, maxTokens: json["options"]?["num_predict"]?.int)
        guard !chat.model.isEmpty else { return error(writer, 400, "model is required") }
        guard let model = find(chat.model) else { return error(writer, 404, "model '\(chat.model)' not found") }
        if let think = json["think"], think.bool == true || think.string != nil, !model.capabilities.contains("thinking") {
            return error(writer, 400, "\"\(chat.model)\" does not support thinking")
        }
        if let tools = json["tools"]?.array, !tools.isEmpty, !model.capabilities.contains("tools") {
            return error(writer, 400, "registry.ollama.ai/library/\(model.name) does not support tools")
        }
        markLoaded(model.name)
        if json["messages"]?.array?.isEmpty ?? true {
            // An empty conversation only loads the model.
            return FakeStreamRunner.run(OllamaEncoder.loadPlan(chat), FakeBehaviour(), on: writer)
        }
        guard let behaviour = script.take(path: request.path, isChat: true) else { return }
        if let failure = behaviour.failure {
            return FakeStreamRunner.run(OllamaEncoder.failurePlan(failure, model: chat.model), behaviour, on: writer)
        }
        FakeStreamRunner.run(OllamaEncoder.chatPlan(chat, behaviour), behaviour, on: writer)
    }
}
