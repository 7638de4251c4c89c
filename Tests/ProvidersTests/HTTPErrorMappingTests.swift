import Core
import Foundation
import TestSupport
import Testing
@testable import Providers

@Suite struct HTTPErrorMappingTests {
    static let openAI = ProviderIdentity(name: "openai", apiKeyVariable: "OPENAI_API_KEY")
    static let anthropic = ProviderIdentity(name: "anthropic", apiKeyVariable: "ANTHROPIC_API_KEY")
    static let openRouter = ProviderIdentity(name: "openrouter", apiKeyVariable: "OPENROUTER_API_KEY")
    static let ollama = ProviderIdentity(name: "ollama")
    static let local = ProviderIdentity(name: "local")

    static func map(_ status: Int, _ body: String, _ provider: ProviderIdentity, secrets: [String] = []) -> ProviderError {
        HTTPErrorMapping.error(status: status, body: bytes(body), provider: provider,
                               url: "http://host/v1/chat/completions", secrets: secrets)
    }

    @Test func ollamaStringError() {
        let error = Self.map(404, #"{"error":"model 'nosuch' not found"}"#, Self.ollama)
        #expect(error.kind == .modelNotFound)
        #expect(error.status == 404)
        #expect(error.message == "ollama answered HTTP 404: model 'nosuch' not found")
        #expect(error.url == "http://host/v1/chat/completions")
        #expect(error.hint?.contains("model name") == true)
    }

    @Test func openAIAuthenticationNamesTheVariableAndRedactsTheKey() {
        let body = #"{"error":{"message":"Incorrect API key provided: sk-secret-123. You can find your API key at https://platform.openai.com/account/api-keys.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}"#
        let error = Self.map(401, body, Self.openAI, secrets: ["sk-secret-123"])
        #expect(error.kind == .authentication)
        #expect(error.hint?.contains("OPENAI_API_KEY") == true)
        #expect(!error.description.contains("sk-secret-123"))
        #expect(error.message.contains("Incorrect API key provided: [redacted]."))
        #expect(error.message.contains("invalid_api_key"))
    }

    @Test func forbiddenIsAuthenticationToo() {
        let error = Self.map(403, #"{"error":{"code":403,"message":"Flagged by moderation"}}"#, Self.openRouter)
        #expect(error.kind == .authentication)
        #expect(error.hint?.contains("OPENROUTER_API_KEY") == true)
    }

    @Test func authenticationWithoutAKeyVariableStillHints() {
        let error = Self.map(401, #"{"error":{"code":401,"message":"Invalid API Key","type":"authentication_error"}}"#, Self.local)
        #expect(error.kind == .authentication)
        #expect(error.hint?.contains("local") == true)
    }

    @Test func openAIModelNotFoundByStatusAndByCode() {
        let body = #"{"error":{"message":"The model `gpt-9` does not exist or you do not have access to it.","type":"invalid_request_error","param":null,"code":"model_not_found"}}"#
        #expect(Self.map(404, body, Self.openAI).kind == .modelNotFound)
        #expect(Self.map(400, body, Self.openAI).kind == .modelNotFound)
        #expect(Self.map(400, body, Self.openAI).status == 400)
    }

    @Test func rateLimitedAndQuota() {
        let limited = Self.map(429, #"{"error":{"message":"Rate limit reached","type":"requests","code":"rate_limit_exceeded"}}"#, Self.openAI)
        #expect(limited.kind == .rateLimited)
        #expect(limited.hint?.contains("wait") == true)
        let quota = Self.map(429, #"{"error":{"message":"You exceeded your current quota","type":"insufficient_quota","code":"insufficient_quota"}}"#, Self.openAI)
        #expect(quota.kind == .rateLimited)
        #expect(quota.hint?.contains("will not clear") == true)
    }

    @Test func openRouterNumericCodes() {
        let credits = Self.map(402, #"{"error":{"code":402,"message":"Insufficient credits","metadata":{}}}"#, Self.openRouter)
        #expect(credits.kind == .rateLimited)
        #expect(credits.hint?.contains("will not clear") == true)
        let upstream = Self.map(502, #"{"error":{"code":502,"message":"Upstream model is down"}}"#, Self.openRouter)
        #expect(upstream.kind == .http)
        #expect(upstream.status == 502)
        #expect(upstream.message == "openrouter answered HTTP 502: Upstream model is down")
    }

    @Test func llamaCppContextOverflow() {
        let body = #"{"error":{"code":400,"message":"request (9412 tokens) exceeds the available context size (8192 tokens), try increasing it","type":"exceed_context_size_error","n_prompt_tokens":9412,"n_ctx":8192}}"#
        let error = Self.map(400, body, Self.local)
        #expect(error.kind == .http)
        #expect(error.message.contains("exceeds the available context size"))
        #expect(error.hint?.contains("context window") == true)
    }

    @Test func theRecordedLlamaCpp500KeepsOnlyTheFirstLine() throws {
        let body = [UInt8](try Fixtures.data("llamacpp-error-500.json"))
        let error = HTTPErrorMapping.error(status: 500, body: body, provider: Self.local)
        #expect(error.kind == .http)
        #expect(error.status == 500)
        #expect(error.message == "local answered HTTP 500: 1 validation error: (internal_server_error)")
        #expect(!error.message.contains("\n"))
        #expect(!error.message.contains("/srv/"))
    }

    @Test func vLLMFlatShape() {
        let error = Self.map(404, #"{"object":"error","message":"The model `foo` does not exist.","type":"NotFoundError","param":null,"code":404}"#, Self.local)
        #expect(error.kind == .modelNotFound)
        #expect(error.message == "local answered HTTP 404: The model `foo` does not exist. (NotFoundError)")
    }

    @Test func anthropicShapes() {
        let overloaded = Self.map(529, #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_1"}"#, Self.anthropic)
        #expect(overloaded.kind == .http)
        #expect(overloaded.status == 529)
        #expect(overloaded.message == "anthropic answered HTTP 529: Overloaded (overloaded_error)")
        let notFound = Self.map(404, #"{"type":"error","error":{"type":"not_found_error","message":"model: claude-x"}}"#, Self.anthropic)
        #expect(notFound.kind == .modelNotFound)
        let auth = Self.map(401, #"{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}"#, Self.anthropic)
        #expect(auth.kind == .authentication)
        #expect(auth.hint == "set ANTHROPIC_API_KEY to a valid API key for anthropic")
    }

    @Test func aRawBodyIsCollapsedAndTruncated() {
        let html = "<html>\n<body>\n" + String(repeating: "Bad gateway. ", count: 60) + "\n</body></html>"
        let error = Self.map(502, html, Self.openAI)
        #expect(error.kind == .http)
        #expect(!error.message.contains("\n"))
        #expect(error.message.hasPrefix("openai answered HTTP 502: <html> <body> Bad gateway."))
        let said = error.message.dropFirst("openai answered HTTP 502: ".count)
        #expect(said.count == HTTPErrorBody.messageLimit + 1)
        #expect(said.hasSuffix("…"))
    }

    @Test func jsonWithoutAMessageFallsBackToTheRawBody() {
        #expect(Self.map(500, #"{"error":{"code":500}}"#, Self.openAI).message == #"openai answered HTTP 500: {"error":{"code":500}}"#)
    }

    @Test func anEmptyBodySaysSo() {
        let error = Self.map(503, "", Self.ollama)
        #expect(error.message == "ollama answered HTTP 503: no error message in the body")
        #expect(error.kind == .http)
    }

    @Test func bodyPartsAreParsed() {
        let body = HTTPErrorBody(parsing: bytes(#"{"error":{"message":"\n\n  first\nsecond","type":"t","code":7}}"#))
        #expect(body.message == "first")
        #expect(body.type == "t")
        #expect(body.code == "7")
        #expect(body.isStructured)
    }
}
