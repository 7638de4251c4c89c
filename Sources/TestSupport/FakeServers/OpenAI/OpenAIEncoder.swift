import Foundation

/// Renders OpenAI-compatible streams as plans, in the flavour's dialect: `data: <chunk>`
/// events separated by blank lines, the role chunk, reasoning and content chunks, the finish
/// chunk with an empty delta (plus llama.cpp `timings`), the usage chunk when asked for
/// (never for llama.cpp), `data: [DONE]`. Every chunk of a stream shares `id` and `created`.
/// Stateless; any thread.
enum OpenAIEncoder {
    typealias Family = FakeOpenAIServer.Flavour.Family

    static let sseType = "text/event-stream; charset=utf-8"

    /// What every chunk of one stream or reply shares.
    struct Envelope {
        let family: Family
        let id: String
        let created = FakeServerSupport.unixTime()
        let model: String

        init(_ family: Family, model: String) {
            self.family = family
            self.model = model
            switch family {
            case .openAI: id = FakeServerSupport.randomID("chatcmpl-", length: 29)
            case .openRouter: id = FakeServerSupport.randomID("gen-", length: 30)
            case .llamaCpp: id = "chatcmpl-" + UUID().uuidString.lowercased()
            }
        }

        /// A chunk's top-level members around `choices`, in the dialect's order.
        func chunk(_ choices: [JSONOut], usage: JSONOut?, extra: [(String, JSONOut)] = []) -> JSONOut {
            let object: (String, JSONOut) = ("object", .string("chat.completion.chunk"))
            var members: [(String, JSONOut)]
            switch family {
            case .openAI:
                members = [("id", .string(id)), object, ("created", .int(created)), ("model", .string(model)),
                           ("service_tier", .string("default")), ("system_fingerprint", .string("fp_fake")),
                           ("choices", .array(choices))]
            case .openRouter:
                members = [("id", .string(id)), ("provider", .string("FakeProvider")), ("model", .string(model)),
                           object, ("created", .int(created)), ("choices", .array(choices))]
            case .llamaCpp:
                members = [("id", .string(id)), ("model", .string(model)), ("created", .int(created)), object,
                           ("choices", .array(choices))]
            }
            if let usage { members.append(("usage", usage)) }
            return .object(members + extra)
        }

        /// One choice with a delta.
        func choice(_ delta: [(String, JSONOut)], finish: String?) -> JSONOut {
            let reason: JSONOut = finish.map { .string($0) } ?? .null
            if family == .openRouter {
                return .object([("index", .int(0)), ("delta", .object(delta)), ("finish_reason", reason),
                                ("native_finish_reason", reason), ("logprobs", .null)])
            }
            return .object([("index", .int(0)), ("delta", .object(delta)), ("logprobs", .null), ("finish_reason", reason)])
        }
    }

    static func streamPlan(_ chat: FakeChatRequest, _ behaviour: FakeBehaviour, flavour: FakeOpenAIServer.Flavour,
                           includeUsage: Bool) -> FakeStreamPlan {
        let family = flavour.family
        let reply = FakeResolvedReply(behaviour, request: chat)
        let lines = behaviour.lineEnding
        let style: JSONStyle = family == .llamaCpp ? .python : .compact
        let envelope = Envelope(family, model: chat.model)
        let finish = behaviour.finishReason ?? (reply.hitLimit ? "length" : "stop")
        let input = behaviour.inputTokens ?? chat.estimatedInputTokens
        let output = reply.outputTokens
        // OpenAI sends `usage: null` on every chunk once usage is asked for; llama.cpp never sends usage.
        let usageWanted = includeUsage && family != .llamaCpp
        let nullUsage: JSONOut? = usageWanted && family == .openAI ? .null : nil
        let assistant: [(String, JSONOut)] = family == .openRouter
            ? [("role", .string("assistant")), ("content", .string(""))] : []

        func event(_ json: JSONOut) -> [UInt8] {
            lines.apply("data: ") + json.encoded(style) + lines.apply("\n\n")
        }
        func template(_ delta: [(String, JSONOut)]) -> FakeEventTemplate {
            FakeEventTemplate(head: lines.apply("data: "),
                              json: envelope.chunk([envelope.choice(delta, finish: nil)], usage: nullUsage),
                              style: style, tail: lines.apply("\n\n"))
        }

        let roleDelta: [(String, JSONOut)]
        switch family {
        case .openAI: roleDelta = [("role", .string("assistant")), ("content", .string("")), ("refusal", .null)]
        case .openRouter: roleDelta = assistant
        case .llamaCpp: roleDelta = [("role", .string("assistant"))]
        }
        let processing = lines.apply(": OPENROUTER PROCESSING\n\n")
        var plan = FakeStreamPlan(headers: [("Content-Type", sseType), ("Cache-Control", "no-cache")]) { stats in
            var extra: [(String, JSONOut)] = []
            if family == .llamaCpp && flavour.timings { extra = [("timings", timings(input: input, stats: stats))] }
            var events = [event(envelope.chunk([envelope.choice(assistant, finish: finish)], usage: nullUsage, extra: extra))]
            if usageWanted {
                events.append(event(envelope.chunk([], usage: usageObject(input: input, output: output))))
            }
            events.append(lines.apply("data: [DONE]\n\n"))
            return events
        }
        plan.opening = (family == .openRouter ? [processing] : [])
            + [event(envelope.chunk([envelope.choice(roleDelta, finish: nil)], usage: nullUsage))]
        let reasoningKey = family == .openRouter ? "reasoning" : "reasoning_content"
        plan.reasoning = reply.reasoningSource(template(assistant.filter { $0.0 == "role" } + [(reasoningKey, .slot)]))
        plan.content = reply.contentSource(template(assistant.filter { $0.0 == "role" } + [("content", .slot)]))
        plan.comment = lines.apply(": ping\n\n")
        plan.keepAlive = family == .openRouter ? processing : lines.apply(": ping\n\n")
        plan.errorEvent = { message in event(errorChunk(message, envelope: envelope)) }
        plan.defaultErrorMessage = "The server had an error while processing your request. Sorry about that!"
        return plan
    }

    /// The mid-stream error event's JSON: OpenAI's bare `error` object, OpenRouter's chunk
    /// with a numeric-code `error` and `finish_reason:"error"`, llama.cpp's numeric shape.
    static func errorChunk(_ message: String, envelope: Envelope) -> JSONOut {
        switch envelope.family {
        case .openAI:
            return .object([("error", .object([
                ("message", .string(message)), ("type", .string("server_error")), ("param", .null), ("code", .null),
            ]))])
        case .openRouter:
            return .object([
                ("id", .string(envelope.id)), ("object", .string("chat.completion.chunk")),
                ("created", .int(envelope.created)), ("model", .string(envelope.model)),
                ("provider", .string("FakeProvider")),
                ("error", .object([("code", .int(502)), ("message", .string(message))])),
                ("choices", .array([.object([
                    ("index", .int(0)), ("delta", .object([("content", .string(""))])),
                    ("finish_reason", .string("error")), ("native_finish_reason", .string("error")),
                ])])),
            ])
        case .llamaCpp:
            return .object([("error", .object([
                ("code", .int(500)), ("message", .string(message)), ("type", .string("server_error")),
            ]))])
        }
    }

    static func usageObject(input: Int, output: Int) -> JSONOut {
        .object([("prompt_tokens", .int(input)), ("completion_tokens", .int(output)),
                 ("total_tokens", .int(input + output))])
    }

    /// llama.cpp's `timings`, from the stream as written.
    static func timings(input: Int, stats: FakeStreamStats) -> JSONOut {
        let promptMs = 0.12 * Double(input)
        let predictedMs = max(0.001, stats.elapsed * 1000)
        let predicted = max(1, stats.tokens)
        return .object([
            ("cache_n", .int(0)), ("prompt_n", .int(input)), ("prompt_ms", .double(promptMs)),
            ("prompt_per_token_ms", .double(promptMs / Double(max(1, input)))),
            ("prompt_per_second", .double(1000 * Double(input) / max(0.001, promptMs))),
            ("predicted_n", .int(stats.tokens)), ("predicted_ms", .double(predictedMs)),
            ("predicted_per_token_ms", .double(predictedMs / Double(predicted))),
            ("predicted_per_second", .double(1000 * Double(stats.tokens) / predictedMs)),
        ])
    }
}
