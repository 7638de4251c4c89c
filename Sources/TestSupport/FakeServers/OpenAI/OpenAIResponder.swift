import Synchronization

/// Routes and checks OpenAI-compatible requests (key, body, model) in the flavour's way,
/// then hands chat answers to `FakeStreamRunner`. Called on connection threads; its mutable
/// state is behind locks.
final class OpenAIResponder: Sendable {
    let script: FakeScript
    let flavour: FakeOpenAIServer.Flavour
    let models: Mutex<[String]>
    let apiKey: Mutex<String?>

    init(script: FakeScript, flavour: FakeOpenAIServer.Flavour, models: [String], apiKey: String?) {
        self.script = script
        self.flavour = flavour
        self.models = Mutex(models)
        self.apiKey = Mutex(apiKey)
    }

    private var family: FakeOpenAIServer.Flavour.Family { flavour.family }

    func handle(_ request: HTTPServerRequest, _ writer: HTTPServerResponseWriter) {
        script.record(FakeRequestRecord(request))
        if let key = apiKey.withLock({ $0 }), request.header("authorization") != "Bearer \(key)" {
            return fail(writer, OpenAIErrors.standard(family, status: 401, model: ""))
        }
        let isChat = request.method == "POST" && request.path == "/v1/chat/completions"
        if !isChat, FakeServerSupport.applyQueued(script, request, writer, failurePlan: { failure in
            OpenAIEncoder.failurePlan(failure, family: self.family, model: "")
        }) { return }
        switch (request.method, request.path) {
        case ("GET", "/v1/models"):
            FakeServerSupport.respond(writer, status: 200, contentType: "application/json",
                                      body: OpenAIEncoder.modelList(family, models.withLock { $0 }))
        case ("POST", "/v1/chat/completions"):
            chat(request, writer)
        default:
            if family == .llamaCpp {
                FakeServerSupport.respond(writer, status: 404, contentType: "application/json", body: #"{"detail":"Not Found"}"#)
            } else {
                fail(writer, OpenAIErrors.Detail(status: 404, message: "Invalid URL (\(request.method) \(request.path))"))
            }
        }
    }

    private func fail(_ writer: HTTPServerResponseWriter, _ detail: OpenAIErrors.Detail) {
        FakeServerSupport.respond(writer, status: detail.status, contentType: "application/json",
                                  body: OpenAIErrors.body(family, detail))
    }

    private func invalid(_ writer: HTTPServerResponseWriter, _ message: String, param: String? = nil, code: String? = nil) {
        if family == .llamaCpp {
            FakeServerSupport.respond(writer, status: 500, contentType: "application/json",
                                      body: OpenAIErrors.llamaValidation(message))
        } else {
            fail(writer, OpenAIErrors.Detail(status: 400, message: message, code: code, param: param))
        }
    }

    private func chat(_ request: HTTPServerRequest, _ writer: HTTPServerResponseWriter) {
        guard let json = FakeJSON.parse(request.body), json.object != nil else {
            return invalid(writer, family == .openAI
                ? "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)"
                : "Expecting value: line 1 column 1 (char 0)")
        }
        guard let messages = json["messages"] else {
            return invalid(writer, family == .llamaCpp
                ? "1 validation error:\n  {'type': 'missing', 'loc': ('body', 'messages'), 'msg': 'Field required'}"
                : "Missing required parameter: 'messages'.", param: "messages", code: "missing_required_parameter")
        }
        guard messages.array != nil else {
            return invalid(writer, family == .llamaCpp
                ? "1 validation error:\n  {'type': 'list_type', 'loc': ('body', 'messages'), 'msg': 'Input should be a valid list', 'input': \(messages.string.map { "'\($0)'" } ?? messages.description)}"
                : "Invalid type for 'messages': expected an array of objects.", param: "messages", code: "invalid_type")
        }
        let limit = json["max_completion_tokens"]?.int ?? json["max_tokens"]?.int
        var chat = FakeChatRequest.fromMessagesBody(json, streamDefault: false, maxTokens: limit)
        let known = models.withLock { $0 }
        if family == .llamaCpp {
            if chat.model.isEmpty { chat.model = known.first ?? "model" }
        } else if chat.model.isEmpty {
            return invalid(writer, "you must provide a model parameter", param: "model")
        } else if !known.contains(chat.model) {
            if family == .openRouter {
                return fail(writer, OpenAIErrors.Detail(status: 400, message: "\(chat.model) is not a valid model ID"))
            }
            return fail(writer, OpenAIErrors.standard(family, status: 404, model: chat.model))
        }
        guard let behaviour = script.take(path: request.path, isChat: true) else { return }
        if let failure = behaviour.failure {
            return FakeStreamRunner.run(OpenAIEncoder.failurePlan(failure, family: family, model: chat.model),
                                        behaviour, on: writer)
        }
        let includeUsage = json["stream_options"]?["include_usage"]?.bool == true
        let plan = chat.stream
            ? OpenAIEncoder.streamPlan(chat, behaviour, flavour: flavour, includeUsage: includeUsage)
            : OpenAIEncoder.replyPlan(chat, behaviour, flavour: flavour)
        FakeStreamRunner.run(plan, behaviour, on: writer)
    }
}
