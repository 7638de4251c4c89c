/// Renders Anthropic answers as plans: named SSE events whose `event:` equals the `type` in
/// `data` (`message_start`, an optional thinking block with `thinking_delta`s and a
/// `signature_delta`, the text block with `text_delta`s, `ping` after the first block start,
/// `message_delta` with cumulative `output_tokens`, `message_stop`), whole messages, and
/// `{"type":"error","error":{...},"request_id"}` bodies. Stateless; any thread.
enum AnthropicEncoder {
    static let sseType = "text/event-stream; charset=utf-8"
    static let style = JSONStyle.compact

    static func errorBody(type: String, message: String, requestID: String) -> String {
        JSONOut.object([
            ("type", .string("error")),
            ("error", .object([("type", .string(type)), ("message", .string(message))])),
            ("request_id", .string(requestID)),
        ]).text(style)
    }

    /// The `error.type` of a status.
    static func errorType(_ status: Int) -> String {
        switch status {
        case 401: return "authentication_error"
        case 402: return "billing_error"
        case 403: return "permission_error"
        case 404: return "not_found_error"
        case 413: return "request_too_large"
        case 429: return "rate_limit_error"
        case 504: return "timeout_error"
        case 529: return "overloaded_error"
        case 500..<600: return "api_error"
        default: return "invalid_request_error"
        }
    }

    static func defaultMessage(_ status: Int, model: String) -> String {
        switch status {
        case 401: return "invalid x-api-key"
        case 403: return "Your API key does not have permission to use the specified resource."
        case 404: return "model: \(model)"
        case 413: return "Request exceeds the maximum allowed number of bytes."
        case 429: return "Number of request tokens has exceeded your per-minute rate limit"
        case 500: return "Internal server error"
        case 529: return "Overloaded"
        default: return FakeServerSupport.statusText(status)
        }
    }

    static func failurePlan(_ failure: FakeBehaviour.Failure, model: String, requestID: String) -> FakeStreamPlan {
        var headers = [("request-id", requestID)]
        if failure.status == 429 {
            headers += [("anthropic-ratelimit-requests-limit", "50"), ("anthropic-ratelimit-requests-remaining", "0"),
                        ("anthropic-ratelimit-requests-reset", FakeServerSupport.timestamp())]
        }
        let body = errorBody(type: failure.errorType ?? errorType(failure.status),
                             message: failure.message ?? defaultMessage(failure.status, model: model), requestID: requestID)
        return FakeServerSupport.failurePlan(failure, contentType: "application/json", headers: headers, body: body)
    }

    static func modelList(_ models: [String]) -> String {
        JSONOut.object([
            ("data", .array(models.map {
                .object([("type", .string("model")), ("id", .string($0)), ("display_name", .string(displayName($0))),
                         ("created_at", .string("2025-02-19T00:00:00Z"))])
            })),
            ("has_more", .bool(false)),
            ("first_id", models.first.map { .string($0) } ?? .null),
            ("last_id", models.last.map { .string($0) } ?? .null),
        ]).text(style)
    }

    /// `claude-sonnet-4-5` -> `Claude Sonnet 4.5`.
    static func displayName(_ id: String) -> String {
        var words: [String] = []
        for part in id.split(separator: "-") {
            if let last = words.last, part.allSatisfy(\.isNumber), last.last?.isNumber == true {
                words[words.count - 1] = last + "." + part
            } else {
                words.append(part.prefix(1).uppercased() + part.dropFirst())
            }
        }
        return words.joined(separator: " ")
    }

    static func usage(input: Int, output: Int) -> JSONOut {
        .object([("input_tokens", .int(input)), ("cache_creation_input_tokens", .int(0)),
                 ("cache_read_input_tokens", .int(0)), ("output_tokens", .int(output))])
    }

    static let signature = "EqQBCkYIBxgCKkBfakeSignatureForTestsOnly0123456789abcdefghijklmnopqrstuvwxyzAB=="

    static func streamPlan(_ chat: FakeChatRequest, _ behaviour: FakeBehaviour, requestID: String) -> FakeStreamPlan {
        let reply = FakeResolvedReply(behaviour, request: chat)
        let lines = behaviour.lineEnding
        let input = behaviour.inputTokens ?? chat.estimatedInputTokens
        let stop = behaviour.finishReason ?? (reply.hitLimit ? "max_tokens" : "end_turn")
        let output = reply.outputTokens
        let textIndex = reply.reasoning.isEmpty ? 0 : 1

        func event(_ name: String, _ json: JSONOut) -> [UInt8] {
            lines.apply("event: \(name)\ndata: ") + json.encoded(style) + lines.apply("\n\n")
        }
        func blockStart(_ index: Int, _ block: [(String, JSONOut)]) -> [UInt8] {
            event("content_block_start", .object([("type", .string("content_block_start")), ("index", .int(index)),
                                                  ("content_block", .object(block))]))
        }
        func blockStop(_ index: Int) -> [UInt8] {
            event("content_block_stop", .object([("type", .string("content_block_stop")), ("index", .int(index))]))
        }
        func delta(_ index: Int, _ type: String, _ key: String, _ value: JSONOut) -> JSONOut {
            .object([("type", .string("content_block_delta")), ("index", .int(index)),
                     ("delta", .object([("type", .string(type)), (key, value)]))])
        }
        func template(_ index: Int, _ type: String, _ key: String) -> FakeEventTemplate {
            FakeEventTemplate(head: lines.apply("event: content_block_delta\ndata: "), json: delta(index, type, key, .slot),
                              style: style, tail: lines.apply("\n\n"))
        }

        let ping = lines.apply("event: ping\ndata: {\"type\": \"ping\"}\n\n")
        let start = event("message_start", .object([("type", .string("message_start")), ("message", .object([
            ("id", .string(FakeServerSupport.randomID("msg_"))), ("type", .string("message")),
            ("role", .string("assistant")), ("model", .string(chat.model)), ("content", .array([])),
            ("stop_reason", .null), ("stop_sequence", .null), ("usage", usage(input: input, output: 1)),
        ]))]))
        let textBlock: [(String, JSONOut)] = [("type", .string("text")), ("text", .string(""))]
        var plan = FakeStreamPlan(headers: [("Content-Type", sseType), ("Cache-Control", "no-cache"),
                                            ("request-id", requestID)]) { _ in
            [
                blockStop(textIndex),
                event("message_delta", .object([
                    ("type", .string("message_delta")),
                    ("delta", .object([("stop_reason", .string(stop)), ("stop_sequence", .null)])),
                    ("usage", .object([("output_tokens", .int(output))])),
                ])),
                event("message_stop", .object([("type", .string("message_stop"))])),
            ]
        }
        if reply.reasoning.isEmpty {
            plan.opening = [start, blockStart(0, textBlock), ping]
        } else {
            plan.opening = [start, blockStart(0, [("type", .string("thinking")), ("thinking", .string(""))]), ping]
            plan.reasoning = reply.reasoningSource(template(0, "thinking_delta", "thinking"))
            plan.afterReasoning = [
                event("content_block_delta", delta(0, "signature_delta", "signature", .string(signature))),
                blockStop(0), blockStart(1, textBlock),
            ]
        }
        plan.content = reply.contentSource(template(textIndex, "text_delta", "text"))
        plan.keepAlive = ping
        plan.comment = lines.apply(": ping\n\n")
        plan.errorEvent = { message in
            event("error", .object([("type", .string("error")), ("error", .object([
                ("type", .string("overloaded_error")), ("message", .string(message)),
            ]))]))
        }
        plan.defaultErrorMessage = "Overloaded"
        return plan
    }

    /// A whole message (`stream` false or absent); a paced one waits as long as its stream would.
    static func messagePlan(_ chat: FakeChatRequest, _ behaviour: FakeBehaviour, requestID: String) -> FakeStreamPlan {
        let reply = FakeResolvedReply(behaviour, request: chat)
        let input = behaviour.inputTokens ?? chat.estimatedInputTokens
        let stop = behaviour.finishReason ?? (reply.hitLimit ? "max_tokens" : "end_turn")
        var blocks: [JSONOut] = []
        if !reply.reasoning.isEmpty {
            blocks.append(.object([("type", .string("thinking")), ("thinking", .string(reply.reasoningText)),
                                   ("signature", .string(signature))]))
        }
        blocks.append(.object([("type", .string("text")), ("text", .string(reply.contentText))]))
        let body = JSONOut.object([
            ("id", .string(FakeServerSupport.randomID("msg_"))), ("type", .string("message")),
            ("role", .string("assistant")), ("model", .string(chat.model)), ("content", .array(blocks)),
            ("stop_reason", .string(stop)), ("stop_sequence", .null),
            ("usage", usage(input: input, output: reply.outputTokens)),
        ]).encoded(style)
        var plan = FakeStreamPlan.body(status: 200, headers: [("Content-Type", "application/json"),
                                                              ("request-id", requestID)]) { _ in body }
        if case .tokensPerSecond(let rate) = behaviour.pace, rate > 0 {
            plan.preBodyWait = Double(reply.outputTokens) / rate
        }
        return plan
    }
}
