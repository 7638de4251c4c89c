/// Error bodies in each OpenAI-compatible dialect: OpenAI's
/// `{"error":{"message","type","param","code":"<string or null>"}}`, OpenRouter's
/// `{"error":{"code":<status>,"message"}}` and llama.cpp's `{"error":{"code":<status>,"message","type"}}`
/// (its recorded 500 for a malformed body is `{"error":{"message","type":"internal_server_error","param":null,"code":null}}`).
/// Stateless; any thread.
enum OpenAIErrors {
    /// One error as the dialect writes it.
    struct Detail {
        var status: Int
        var message: String
        var type: String?
        var code: String?
        var param: String?
    }

    static func body(_ family: FakeOpenAIServer.Flavour.Family, _ detail: Detail) -> String {
        let error: JSONOut
        switch family {
        case .openAI:
            error = .object([
                ("message", .string(detail.message)),
                ("type", .string(detail.type ?? openAIType(detail.status))),
                ("param", detail.param.map { .string($0) } ?? .null),
                ("code", detail.code.map { .string($0) } ?? .null),
            ])
        case .openRouter:
            error = .object([("message", .string(detail.message)), ("code", .int(detail.status))])
        case .llamaCpp:
            error = .object([
                ("code", .int(detail.status)), ("message", .string(detail.message)),
                ("type", .string(detail.type ?? llamaType(detail.status))),
            ])
        }
        return JSONOut.object([("error", error)]).text(.compact)
    }

    /// llama.cpp's recorded answer to a body it cannot validate (HTTP 500, `code: null`).
    static func llamaValidation(_ message: String) -> String {
        JSONOut.object([("error", .object([
            ("message", .string(message)), ("type", .string("internal_server_error")),
            ("param", .null), ("code", .null),
        ]))]).text(.compact)
    }

    /// The usual message and code of a status in the dialect.
    static func standard(_ family: FakeOpenAIServer.Flavour.Family, status: Int, model: String) -> Detail {
        switch (family, status) {
        case (.openAI, 401):
            return Detail(status: status, message: "Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.",
                          code: "invalid_api_key")
        case (.openAI, 404):
            return Detail(status: status, message: "The model `\(model)` does not exist or you do not have access to it.",
                          code: "model_not_found")
        case (.openAI, 429):
            return Detail(status: status, message: "Rate limit reached for requests. Please try again in 1s.",
                          type: "requests", code: "rate_limit_exceeded")
        case (.openRouter, 401): return Detail(status: status, message: "No auth credentials found")
        case (.openRouter, 402): return Detail(status: status, message: "Insufficient credits")
        case (.openRouter, 429): return Detail(status: status, message: "Rate limit exceeded: limit_rpm/\(model)")
        case (.openRouter, 502): return Detail(status: status, message: "Provider returned error")
        case (.openRouter, 503): return Detail(status: status, message: "No allowed providers are available for the selected model.")
        case (.llamaCpp, 401): return Detail(status: status, message: "Invalid API Key")
        case (.llamaCpp, 503): return Detail(status: status, message: "Loading model")
        case (_, 500):
            return Detail(status: status, message: "The server had an error while processing your request. Sorry about that!")
        case (_, 503):
            return Detail(status: status, message: "The engine is currently overloaded, please try again later.")
        default:
            return Detail(status: status, message: FakeServerSupport.statusText(status))
        }
    }

    static func openAIType(_ status: Int) -> String {
        switch status {
        case 429: return "requests"
        case 500..<600: return "server_error"
        default: return "invalid_request_error"
        }
    }

    static func llamaType(_ status: Int) -> String {
        switch status {
        case 401: return "authentication_error"
        case 403: return "permission_error"
        case 404: return "not_found_error"
        case 501: return "not_supported_error"
        case 503: return "unavailable_error"
        case 500..<600: return "server_error"
        default: return "invalid_request_error"
        }
    }

    /// Rate-limit headers OpenAI sends with a 429.
    static func rateLimitHeaders(_ family: FakeOpenAIServer.Flavour.Family, status: Int) -> [(String, String)] {
        guard status == 429, family == .openAI else { return [] }
        return [
            ("x-ratelimit-limit-requests", "500"), ("x-ratelimit-remaining-requests", "0"),
            ("x-ratelimit-reset-requests", "1s"),
        ]
    }
}
