/// Renders Ollama answers as plans: NDJSON lines for `/api/chat` streams (content pieces,
/// then `done:true` with `done_reason` and the six metrics, durations in nanoseconds),
/// one object for `stream:false`, `{"error":"..."}` bodies and mid-stream lines. JSON as Go
/// writes it (compact, `<>&` escaped). Stateless; any thread.
enum OllamaEncoder {
    static let style = JSONStyle.go
    static let ndjsonType = "application/x-ndjson"

    static func failurePlan(_ failure: FakeBehaviour.Failure, model: String) -> FakeStreamPlan {
        let message = failure.message ?? defaultMessage(failure.status, model: model)
        return FakeServerSupport.failurePlan(failure, contentType: OllamaResponder.jsonType, headers: [],
                                             body: JSONOut.object([("error", .string(message))]).text(style))
    }

    static func defaultMessage(_ status: Int, model: String) -> String {
        switch status {
        case 404: return "model '\(model)' not found"
        case 500: return "llama runner process has terminated: exit status 2"
        case 503: return "server busy, please try again.  maximum pending requests exceeded"
        default: return FakeServerSupport.statusText(status)
        }
    }

    /// The answer to a chat with no messages: the model is loaded, `done_reason:"load"`.
    static func loadPlan(_ chat: FakeChatRequest) -> FakeStreamPlan {
        let object = JSONOut.object([
            ("model", .string(chat.model)), ("created_at", .string(FakeServerSupport.timestamp())),
            ("message", .object([("role", .string("assistant")), ("content", .string(""))])),
            ("done", .bool(true)), ("done_reason", .string("load")),
        ])
        let line = object.encoded(style) + [10]
        if chat.stream {
            return FakeStreamPlan(headers: [("Content-Type", ndjsonType)], closing: { _ in [line] })
        }
        return .body(status: 200, headers: [("Content-Type", OllamaResponder.jsonType)]) { _ in object.encoded(style) }
    }

    static func chatPlan(_ chat: FakeChatRequest, _ behaviour: FakeBehaviour) -> FakeStreamPlan {
        let reply = FakeResolvedReply(behaviour, request: chat)
        let head: [(String, JSONOut)] = [
            ("model", .string(chat.model)), ("created_at", .string(FakeServerSupport.timestamp())),
        ]
        let finish = behaviour.finishReason ?? (reply.hitLimit ? "length" : "stop")
        let input = behaviour.inputTokens ?? chat.estimatedInputTokens
        var planned = 0.0
        if case .tokensPerSecond(let rate) = behaviour.pace, rate > 0 { planned = Double(reply.outputTokens) / rate }
        let outputTokens = reply.outputTokens

        func metrics(_ stats: FakeStreamStats) -> [(String, JSONOut)] {
            let load = 1_334_875
            let prompt = max(1, input * 120_000)
            let eval = max(1, Int(max(stats.elapsed, planned) * 1e9))
            return [
                ("total_duration", .int(load + prompt + eval + 250_000)), ("load_duration", .int(load)),
                ("prompt_eval_count", .int(input)), ("prompt_eval_duration", .int(prompt)),
                ("eval_count", .int(outputTokens)), ("eval_duration", .int(eval)),
            ]
        }

        guard chat.stream else {
            var message: [(String, JSONOut)] = [("role", .string("assistant")), ("content", .string(reply.contentText))]
            if !reply.reasoning.isEmpty { message.append(("thinking", .string(reply.reasoningText))) }
            var plan = FakeStreamPlan.body(status: 200, headers: [("Content-Type", OllamaResponder.jsonType)]) { stats in
                JSONOut.object(head + [("message", .object(message)), ("done", .bool(true)),
                                       ("done_reason", .string(finish))] + metrics(stats)).encoded(style)
            }
            plan.preBodyWait = planned
            return plan
        }

        func template(_ message: [(String, JSONOut)]) -> FakeEventTemplate {
            FakeEventTemplate(json: .object(head + [("message", .object(message)), ("done", .bool(false))]),
                              style: style, tail: [10])
        }
        let assistant: (String, JSONOut) = ("role", .string("assistant"))
        var plan = FakeStreamPlan(headers: [("Content-Type", ndjsonType)]) { stats in
            let last = JSONOut.object(head + [
                ("message", .object([assistant, ("content", .string(""))])),
                ("done", .bool(true)), ("done_reason", .string(finish)),
            ] + metrics(stats))
            return [last.encoded(style) + [10]]
        }
        plan.reasoning = reply.reasoningSource(template([assistant, ("content", .string("")), ("thinking", .slot)]))
        plan.content = reply.contentSource(template([assistant, ("content", .slot)]))
        plan.keepAlive = [10]
        plan.errorEvent = { JSONOut.object([("error", .string($0))]).encoded(style) + [10] }
        plan.defaultErrorMessage = "an error was encountered while running the model: unexpected EOF"
        return plan
    }
}
