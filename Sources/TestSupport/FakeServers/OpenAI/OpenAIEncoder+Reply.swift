extension OpenAIEncoder {
    /// A whole `chat.completion` reply (`stream` false or absent), in the dialect's key order;
    /// a paced reply waits as long as its stream would have taken.
    static func replyPlan(_ chat: FakeChatRequest, _ behaviour: FakeBehaviour,
                          flavour: FakeOpenAIServer.Flavour) -> FakeStreamPlan {
        let family = flavour.family
        let reply = FakeResolvedReply(behaviour, request: chat)
        let envelope = Envelope(family, model: chat.model)
        let finish = behaviour.finishReason ?? (reply.hitLimit ? "length" : "stop")
        let input = behaviour.inputTokens ?? chat.estimatedInputTokens
        let usage = usageObject(input: input, output: reply.outputTokens)
        let reasoning: JSONOut = reply.reasoning.isEmpty ? .null : .string(reply.reasoningText)
        let content = JSONOut.string(reply.contentText)
        let reason = JSONOut.string(finish)
        let base: [(String, JSONOut)] = [("id", .string(envelope.id)), ("object", .string("chat.completion")),
                                         ("created", .int(envelope.created)), ("model", .string(chat.model))]
        var planned = 0.0
        if case .tokensPerSecond(let rate) = behaviour.pace, rate > 0 { planned = Double(reply.outputTokens) / rate }

        var plan = FakeStreamPlan.body(status: 200, headers: [("Content-Type", "application/json")]) { stats in
            let body: JSONOut
            switch family {
            case .openAI:
                var message: [(String, JSONOut)] = [("role", .string("assistant")), ("content", content),
                                                    ("refusal", .null), ("annotations", .array([]))]
                if !reply.reasoning.isEmpty { message.append(("reasoning_content", reasoning)) }
                body = .object(base + [
                    ("choices", .array([.object([("index", .int(0)), ("message", .object(message)),
                                                 ("logprobs", .null), ("finish_reason", reason)])])),
                    ("usage", usage), ("service_tier", .string("default")), ("system_fingerprint", .string("fp_fake")),
                ])
            case .openRouter:
                let message: [(String, JSONOut)] = [("role", .string("assistant")), ("content", content),
                                                    ("refusal", .null), ("reasoning", reasoning)]
                body = .object([("id", .string(envelope.id)), ("provider", .string("FakeProvider")),
                                ("model", .string(chat.model)), ("object", .string("chat.completion")),
                                ("created", .int(envelope.created)),
                                ("choices", .array([.object([("logprobs", .null), ("finish_reason", reason),
                                                             ("native_finish_reason", reason), ("index", .int(0)),
                                                             ("message", .object(message))])])),
                                ("usage", usage)])
            case .llamaCpp:
                var message: [(String, JSONOut)] = [("content", content), ("role", .string("assistant"))]
                if !reply.reasoning.isEmpty { message.append(("reasoning_content", reasoning)) }
                var members = base + [
                    ("choices", .array([.object([("index", .int(0)), ("message", .object(message)),
                                                 ("logprobs", .null), ("finish_reason", reason)])])),
                    ("usage", usage),
                ]
                if flavour.timings {
                    var timed = stats
                    timed.tokens = reply.outputTokens
                    timed.elapsed = max(stats.elapsed, planned)
                    members.append(("timings", timings(input: input, stats: timed)))
                }
                body = .object(members)
            }
            return body.encoded(.compact)
        }
        plan.preBodyWait = planned
        return plan
    }

    /// An error answer with the dialect's body and, for OpenAI 429s, rate-limit headers.
    static func failurePlan(_ failure: FakeBehaviour.Failure, family: Family, model: String) -> FakeStreamPlan {
        var detail = OpenAIErrors.standard(family, status: failure.status, model: model)
        if let message = failure.message { detail.message = message }
        if let type = failure.errorType { detail.type = type }
        if let code = failure.code { detail.code = code }
        return FakeServerSupport.failurePlan(failure, contentType: "application/json",
                                             headers: OpenAIErrors.rateLimitHeaders(family, status: failure.status),
                                             body: OpenAIErrors.body(family, detail))
    }

    /// `GET /v1/models` in the dialect (llama.cpp: its one model, as recorded).
    static func modelList(_ family: Family, _ models: [String]) -> String {
        let body: JSONOut
        switch family {
        case .openAI:
            body = .object([("object", .string("list")), ("data", .array(models.map {
                .object([("id", .string($0)), ("object", .string("model")), ("created", .int(1_686_935_002)),
                         ("owned_by", .string("openai"))])
            }))])
        case .openRouter:
            body = .object([("data", .array(models.map {
                .object([("id", .string($0)), ("name", .string($0)), ("created", .int(1_700_000_000)),
                         ("context_length", .int(128_000)),
                         ("pricing", .object([("prompt", .string("0.00000015")), ("completion", .string("0.0000006"))]))])
            }))])
        case .llamaCpp:
            body = .object([("object", .string("list")), ("data", .array(models.prefix(1).map {
                .object([("id", .string($0)), ("object", .string("model")), ("owned_by", .string("me")),
                         ("permissions", .array([]))])
            }))])
        }
        return body.text(.compact)
    }
}
