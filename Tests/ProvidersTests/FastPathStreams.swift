import Core
@testable import Providers

/// Realistic long streams for the timing harness: one token per event, the envelope each
/// server really sends around it (OpenAI's chunk with `usage: null`, Ollama's `/api/chat`
/// line, Anthropic's `content_block_delta`), with an escape or a non-ASCII word now and then.
enum FastPathStreams {
    /// The token texts, as JSON string contents (already escaped).
    static func tokens(_ count: Int) -> [String] {
        let words = [" the", " lighthouse", " keeper", " watched", ",", " storm", " roll", " in", " from", " sea",
                     ".\\n\\n", " café", " \\\"quoted\\\"", " 你好", " 🙂", " a", " of", " and", " light", " dark"]
        return (0..<count).map { words[($0 * 7 + $0 / 3) % words.count] }
    }

    static func openAI(tokens count: Int) -> [UInt8] {
        var body = "data: {\"id\":\"chatcmpl-AbC123xyz\",\"object\":\"chat.completion.chunk\",\"created\":1732185600,"
            + "\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\","
            + "\"content\":\"\",\"refusal\":null},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n"
        for token in tokens(count) {
            body += "data: {\"id\":\"chatcmpl-AbC123xyz\",\"object\":\"chat.completion.chunk\",\"created\":1732185600,"
                + "\"model\":\"gpt-4o-mini-2024-07-18\",\"service_tier\":\"default\",\"system_fingerprint\":\"fp_0ba0d124f1\","
                + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\(token)\"},\"logprobs\":null,\"finish_reason\":null}],"
                + "\"usage\":null}\n\n"
        }
        body += "data: {\"id\":\"chatcmpl-AbC123xyz\",\"object\":\"chat.completion.chunk\",\"created\":1732185600,"
            + "\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"delta\":{},\"logprobs\":null,"
            + "\"finish_reason\":\"stop\"}],\"usage\":null}\n\n"
        body += "data: {\"id\":\"chatcmpl-AbC123xyz\",\"object\":\"chat.completion.chunk\",\"created\":1732185600,"
            + "\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[],\"usage\":{\"prompt_tokens\":12,"
            + "\"completion_tokens\":\(count),\"total_tokens\":\(count + 12)}}\n\ndata: [DONE]\n\n"
        return Array(body.utf8)
    }

    static func ollama(tokens count: Int) -> [UInt8] {
        var body = ""
        for token in tokens(count) {
            body += "{\"model\":\"llama3.2\",\"created_at\":\"2026-11-21T10:00:00.123456789Z\","
                + "\"message\":{\"role\":\"assistant\",\"content\":\"\(token)\"},\"done\":false}\n"
        }
        body += "{\"model\":\"llama3.2\",\"created_at\":\"2026-11-21T10:00:01.5Z\",\"message\":{\"role\":\"assistant\","
            + "\"content\":\"\"},\"done_reason\":\"stop\",\"done\":true,\"total_duration\":1500000000,"
            + "\"load_duration\":2000000,\"prompt_eval_count\":12,\"prompt_eval_duration\":300000,"
            + "\"eval_count\":\(count),\"eval_duration\":1400000000}\n"
        return Array(body.utf8)
    }

    static func anthropic(tokens count: Int) -> [UInt8] {
        var body = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_01\",\"type\":\"message\","
            + "\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\",\"content\":[],\"stop_reason\":null,"
            + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":12,\"output_tokens\":1}}}\n\n"
            + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,"
            + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
        for token in tokens(count) {
            body += "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                + "\"delta\":{\"type\":\"text_delta\",\"text\":\"\(token)\"}}\n\n"
        }
        body += "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
            + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
            + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":\(count)}}\n\n"
            + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"
        return Array(body.utf8)
    }

    /// `body` cut into pieces of `size` bytes (the last may be shorter).
    static func pieces(_ body: [UInt8], size: Int) -> [[UInt8]] {
        stride(from: 0, to: body.count, by: size).map { Array(body[$0..<min(body.count, $0 + size)]) }
    }

    /// `body` cut after every blank line or LF-terminated line (one event or line per feed).
    static func perEvent(_ body: [UInt8], sse: Bool) -> [[UInt8]] {
        var result: [[UInt8]] = []
        var start = 0
        var index = 0
        while index < body.count {
            let ends = sse ? (body[index] == 0x0A && index > 0 && body[index - 1] == 0x0A) : body[index] == 0x0A
            index += 1
            if ends {
                result.append(Array(body[start..<index]))
                start = index
            }
        }
        if start < body.count { result.append(Array(body[start...])) }
        return result
    }
}
