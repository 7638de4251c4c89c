/// Whole streams for the differential tests, one protocol each: mostly the real shapes, with
/// every odd variant the decoders must treat the same way on both paths.
extension FastPathCorpus {
    // MARK: OpenAI-compatible SSE

    mutating func openAIStream() -> [UInt8] {
        var body = ""
        let ending = chance(150) ? "\r\n" : "\n"
        for _ in 0..<Int.random(in: 1...8, using: &random) {
            if chance(60) { body += ": keep-alive" + ending + ending }
            var name = ""
            if chance(40) { name = "event: " + pick(["error", "chunk", "message", "err\u{F6}r"]) + ending }
            let data: String
            switch Int.random(in: 0..<100, using: &random) {
            case 0...84: data = openAIChunk()
            default: data = pick(["[DONE]", " [DONE]", "[DONE]x", "", "   ", "[DONE", "[DONE]\u{301}", "\t", "\u{A0}"])
            }
            body += name + sse(data, ending: ending)
        }
        if chance(850) { body += "data: [DONE]" + ending + ending }
        return corrupt(Array(body.utf8))
    }

    mutating func openAIChunk() -> String {
        let fields: [(String, String?)] = [
            ("id", "\"chatcmpl-\(Int.random(in: 0...999, using: &random))\""), ("object", "\"chat.completion.chunk\""),
            ("created", "1732185600"), ("model", chance(900) ? "\"gpt-4o-mini\"" : nil),
            ("choices", choices()), ("usage", chance(300) ? usage() : nil), ("error", chance(50) ? openAIError() : nil),
        ]
        return mutate(object(members(fields)))
    }

    mutating func choices() -> String? {
        switch Int.random(in: 0..<20, using: &random) {
        case 0...13: return array([choice(index: chance(900) ? "0" : integerField())])
        case 14: return "[]"
        case 15: return chance(500) ? "null" : nil
        case 16: return array([choice(index: "0"), choice(index: pick(["1", "2", "-1"]))].shuffled(using: &random))
        case 17: return array([choice(index: chance(500) ? "0" : nil), choice(index: chance(500) ? "null" : nil)])
        case 18: return pick(["{}", "\"x\"", "[1]", "[null]", "[[]]", "[{}]"])
        default: return array([choice(index: nil)])
        }
    }

    mutating func choice(index: String?) -> String {
        let delta: String?
        switch Int.random(in: 0..<20, using: &random) {
        case 0...16:
            delta = object(members([
                ("content", chance(850) ? stringField() : nil),
                ("reasoning_content", chance(150) ? stringField() : nil),
                ("reasoning", chance(100) ? stringField() : nil),
                ("refusal", chance(60) ? stringField() : nil),
                ("role", chance(100) ? "\"assistant\"" : nil),
            ], extras: 1))
        case 17: delta = "null"
        case 18: delta = nil
        default: delta = pick(["\"x\"", "[]", "1", "{}"])
        }
        let finish: String? = chance(800) ? "null" : (chance(700) ? pick(["\"stop\"", "\"length\"", "\"tool_calls\""]) : stringField())
        return object(members([("index", index), ("delta", delta), ("finish_reason", finish), ("logprobs", "null")], extras: 1))
    }

    mutating func usage() -> String {
        if chance(300) { return pick(["null", "{}", "\"x\"", "[]", "0"]) }
        return object(members([("prompt_tokens", integerField()), ("completion_tokens", integerField()),
                               ("total_tokens", "30"), ("prompt_tokens_details", "{\"cached_tokens\":0}"),
                               ("cost", chance(500) ? "0.00012" : nil)], extras: 1))
    }

    mutating func openAIError() -> String {
        pick(["null", "\"boom\"", "{\"message\":\"Overloaded\",\"type\":\"server_error\",\"code\":null}",
              "{\"message\":\"No credits\",\"code\":402}", "{}", "1", "false"])
    }

    /// An SSE event whose data is `data` (one `data:` line per line of it).
    mutating func sse(_ data: String, ending: String) -> String {
        var event = ""
        for line in data.split(separator: "\n", omittingEmptySubsequences: false) {
            event += (chance(900) ? "data: " : "data:") + line + ending
        }
        return event + ending
    }

    /// Now and then a byte that is not UTF-8, or a raw CR or NUL, somewhere in the body.
    mutating func corrupt(_ bytes: [UInt8]) -> [UInt8] {
        guard chance(invalidPerMille / 2), !bytes.isEmpty else { return bytes }
        var copy = bytes
        copy.insert(pick([0xFF, 0xC3, 0x80, 0x0D, 0x00]), at: Int.random(in: 0..<copy.count, using: &random))
        return copy
    }

    // MARK: Ollama NDJSON

    mutating func ollamaStream() -> [UInt8] {
        var body = ""
        let ending = chance(150) ? "\r\n" : "\n"
        for _ in 0..<Int.random(in: 1...8, using: &random) {
            if chance(50) { body += pick(["", " ", "\t"]) + ending }
            body += ollamaLine(done: chance(40)) + ending
        }
        if chance(850) { body += ollamaLine(done: true) + (chance(900) ? ending : "") }
        return corrupt(Array(body.utf8))
    }

    mutating func ollamaLine(done: Bool) -> String {
        let generate = chance(150)
        var message: String?
        if !generate {
            switch Int.random(in: 0..<20, using: &random) {
            case 0...16:
                message = object(members([("role", "\"assistant\""), ("content", stringField()),
                                          ("thinking", chance(200) ? stringField() : nil),
                                          ("images", chance(30) ? "null" : nil)], extras: 1))
            case 17: message = "null"
            case 18: message = nil
            default: message = pick(["\"x\"", "[]", "1"])
            }
        }
        let doneValue = chance(950) ? (done ? "true" : "false") : pick(["null", "1", "0", "\"true\"", "{}"])
        let fields: [(String, String?)] = [
            ("model", "\"llama3.2\""), ("created_at", "\"2026-11-21T10:00:00.5Z\""), ("message", message),
            ("response", generate ? stringField() : (chance(20) ? stringField() : nil)),
            ("thinking", generate && chance(300) ? stringField() : nil),
            ("done", chance(970) ? doneValue : nil),
            ("done_reason", done ? stringField() : nil),
            ("prompt_eval_count", done ? integerField() : nil), ("eval_count", done ? integerField() : nil),
            ("total_duration", done ? "1500000000" : nil), ("context", done && chance(200) ? "[1,2,3]" : nil),
            ("error", chance(40) ? pick(["null", "\"model not found\"", "{\"message\":\"boom\"}", "{}", "3"]) : nil),
        ]
        return mutate(object(members(fields)))
    }

    // MARK: Anthropic SSE

    mutating func anthropicStream() -> [UInt8] {
        var body = ""
        let ending = chance(150) ? "\r\n" : "\n"
        if chance(900) {
            body += "event: message_start" + ending + sse("{\"type\":\"message_start\",\"message\":{\"usage\":"
                + "{\"input_tokens\":12,\"output_tokens\":1}}}", ending: ending)
        }
        for _ in 0..<Int.random(in: 1...8, using: &random) {
            switch Int.random(in: 0..<100, using: &random) {
            case 0...84:
                let named = chance(850)
                body += (named ? "event: content_block_delta" + ending : "") + sse(anthropicDelta(), ending: ending)
            case 85...89: body += "event: ping" + ending + sse("{\"type\": \"ping\"}", ending: ending)
            case 90...93:
                body += "event: content_block_start" + ending
                    + sse("{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}", ending: ending)
            case 94, 95:
                body += "event: error" + ending
                    + sse("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}", ending: ending)
            default:
                body += pick(["event: message", "event: content_block_delta", ""]).appending(ending)
                    + sse(mutate(pick(["{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":9}}",
                                       "{\"type\":\"content_block_stop\",\"index\":0}", "", "{}"])), ending: ending)
            }
        }
        if chance(850) { body += "event: message_stop" + ending + sse("{\"type\":\"message_stop\"}", ending: ending) }
        return corrupt(Array(body.utf8))
    }

    mutating func anthropicDelta() -> String {
        let deltaType: String? = chance(900)
            ? pick(["\"text_delta\"", "\"text_delta\"", "\"thinking_delta\"", "\"input_json_delta\"", "\"signature_delta\""])
            : pick(["null", "3", "\"text\\u005fdelta\"", "\"Text_delta\"", "\"\""])
        var delta: String?
        switch Int.random(in: 0..<20, using: &random) {
        case 0...17:
            delta = object(members([("type", chance(970) ? deltaType : nil), ("text", chance(800) ? stringField() : nil),
                                    ("thinking", chance(200) ? stringField() : nil),
                                    ("partial_json", chance(50) ? "\"{\\\"a\\\":1}\"" : nil)], extras: 1))
        case 18: delta = chance(500) ? "null" : nil
        default: delta = pick(["\"x\"", "[]", "1"])
        }
        let type: String? = chance(950) ? "\"content_block_delta\"" : pick(["\"message_delta\"", "null", "1", "\"ping\""])
        return mutate(object(members([("type", chance(970) ? type : nil), ("index", "0"), ("delta", delta)], extras: 1)))
    }
}
