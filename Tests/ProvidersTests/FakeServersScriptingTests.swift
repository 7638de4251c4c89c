import Foundation
import TestSupport
import Testing

extension FakeServersSerial {
@Suite struct FakeServersScriptingTests {
    static let openAIBody = #"{"model":"gpt-4o-mini","messages":[{"role":"system","content":"You are Luna, the style lead."},{"role":"user","content":"A lighthouse"}],"stream":true}"#
    static let path = "/v1/chat/completions"

    static func now() -> Double { Date().timeIntervalSinceReferenceDate }

    static func contentText(_ response: RawResponse) -> String {
        RawHTTP.sseData(response.body).compactMap { $0["choices"]?[0]?["delta"]?["content"]?.string }.joined()
    }

    @Test func rateLimitedTwiceThenSuccess() throws {
        let server = try FakeOpenAIServer()
        server.enqueue(.failure(429, retryAfter: .seconds(1)), times: 2)
        #expect(server.script.queuedCount == 2)
        for _ in 0..<2 {
            let limited = try RawHTTP.post(port: server.port, Self.path, json: Self.openAIBody)
            #expect(limited.status == 429)
            #expect(limited.header("retry-after") == "1")
            #expect(limited.header("x-ratelimit-remaining-requests") == "0")
            #expect(limited.json?["error"]?["code"]?.string == "rate_limit_exceeded")
        }
        let success = try RawHTTP.post(port: server.port, Self.path, json: Self.openAIBody)
        #expect(success.status == 200)
        #expect(Self.contentText(success) == FakeBehaviour.defaultText)
        #expect(server.script.queuedCount == 0)
        #expect(server.script.servedChatCount == 3)
    }

    @Test func retryAfterForms() throws {
        let server = try FakeOllamaServer()
        server.enqueue(.failure(429, retryAfter: .milliseconds(250)))
        server.enqueue(.failure(FakeBehaviour.Failure(status: 503, retryAfter: .httpDate(secondsFromNow: 30),
                                                      headers: [("x-should-retry", "true")])))
        server.enqueue(.failure(FakeBehaviour.Failure(status: 502, rawBody: "<html>Bad gateway</html>")))
        let body = #"{"model":"llama3.2","messages":[{"role":"user","content":"Hi"}]}"#
        let milliseconds = try RawHTTP.post(port: server.port, "/api/chat", json: body)
        #expect(milliseconds.header("retry-after-ms") == "250")
        #expect(milliseconds.header("retry-after") == nil)
        let dated = try RawHTTP.post(port: server.port, "/api/chat", json: body)
        #expect(dated.status == 503)
        #expect(dated.header("x-should-retry") == "true")
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        let date = try #require(formatter.date(from: dated.header("retry-after") ?? ""))
        #expect(abs(date.timeIntervalSinceNow - 30) < 10)
        let html = try RawHTTP.post(port: server.port, "/api/chat", json: body)
        #expect(html.status == 502)
        #expect(html.header("content-type") == "text/html")
        #expect(html.text == "<html>Bad gateway</html>")
    }

    @Test func queueIsFIFOAndRoutesApply() throws {
        let server = try FakeOllamaServer(defaultBehaviour: .reply("default"))
        server.enqueue(.failure(500), route: .path("/api/tags"))
        server.enqueue(.reply("first"))
        server.enqueue(.reply("second"), times: 2)
        let tagsFailing = try RawHTTP.request(port: server.port, "GET", "/api/tags")
        #expect(tagsFailing.status == 500)
        #expect(tagsFailing.json?["error"]?.string?.isEmpty == false)
        #expect(try RawHTTP.request(port: server.port, "GET", "/api/tags").status == 200)
        let body = #"{"model":"llama3.2","messages":[{"role":"user","content":"Hi"}],"stream":false}"#
        let answers = try (0..<4).map { _ in
            try RawHTTP.post(port: server.port, "/api/chat", json: body).json?["message"]?["content"]?.string
        }
        #expect(answers == ["first", "second", "second", "default"])
        server.defaultBehaviour = .reply("new default")
        #expect(try RawHTTP.post(port: server.port, "/api/chat", json: body).json?["message"]?["content"]?.string == "new default")
    }

    @Test func responderSeesModelSystemAndMessages() throws {
        let server = try FakeOpenAIServer(defaultBehaviour: .responder { request in
            let who = request.system?.contains("Luna") == true ? "Luna" : "someone"
            return "\(who) on \(request.lastUserText) via \(request.model) (\(request.messages.count))"
        })
        let luna = try RawHTTP.post(port: server.port, Self.path, json: Self.openAIBody)
        #expect(Self.contentText(luna) == "Luna on A lighthouse via gpt-4o-mini (1)")
        let other = try RawHTTP.post(port: server.port, Self.path,
                                     json: #"{"model":"gpt-4.1","messages":[{"role":"user","content":[{"type":"text","text":"Sea"}]}],"stream":true}"#)
        #expect(Self.contentText(other) == "someone on Sea via gpt-4.1 (1)")
    }

    @Test func requestLogRecordsWhatArrived() throws {
        let server = try FakeOpenAIServer()
        let before = Date()
        _ = try RawHTTP.request(port: server.port, "GET", "/v1/models")
        _ = try RawHTTP.post(port: server.port, Self.path, json: Self.openAIBody,
                             headers: [("Authorization", "Bearer k"), ("X-Title", "Atelier")])
        let log = server.requests
        #expect(log.count == 2)
        #expect(log.map(\.method) == ["GET", "POST"])
        #expect(log.map(\.path) == ["/v1/models", Self.path])
        #expect(log[1].header("x-title") == "Atelier")
        #expect(log[1].json?["model"]?.string == "gpt-4o-mini")
        #expect(log[1].json?["messages"]?[0]?["role"]?.string == "system")
        #expect(log[1].receivedAt >= before.addingTimeInterval(-1))
        #expect(log[1].receivedMonotonic >= log[0].receivedMonotonic)
        #expect(server.requestCount == 2)
        server.script.clearLog()
        #expect(server.requests.isEmpty)
    }

    @Test func generatedTokensAndMaxTokens() throws {
        let server = try FakeOpenAIServer(defaultBehaviour: .generated(tokens: 30))
        let response = try RawHTTP.post(port: server.port, Self.path, json: Self.openAIBody)
        #expect(Self.contentText(response) == FakeBehaviour.Reply.generatedText(tokens: 30))
        #expect(Self.contentText(response).contains("🌊"))
        let limited = try RawHTTP.post(port: server.port, Self.path,
                                       json: #"{"model":"gpt-4o-mini","messages":[],"stream":true,"max_tokens":5}"#)
        #expect(Self.contentText(limited) == FakeBehaviour.Reply.generatedText(tokens: 5))
        #expect(RawHTTP.sseData(limited.body).last?["choices"]?[0]?["finish_reason"]?.string == "length")
    }

    @Test func paceIsRoughlyHonoured() throws {
        let server = try FakeAnthropicServer(defaultBehaviour: .generated(tokens: 11).paced(tokensPerSecond: 20))
        let start = Self.now()
        let response = try RawHTTP.post(port: server.port, "/v1/messages",
                                        json: #"{"model":"claude-haiku-4-5","max_tokens":50,"messages":[{"role":"user","content":"x"}],"stream":true}"#,
                                        headers: [("x-api-key", "k"), ("anthropic-version", "2023-06-01")])
        let elapsed = Self.now() - start
        #expect(response.complete)
        #expect(elapsed >= 0.45)   // piece 10 is due at 0.5 s
        #expect(elapsed < 5)
    }

    @Test func headAndFirstByteDelays() throws {
        let server = try FakeOllamaServer(defaultBehaviour: .reply("x").delayed(head: 0.3, firstByte: 0.3))
        let connection = try RawConnection(port: server.port)
        let start = Self.now()
        try connection.sendRequest("POST", "/api/chat", body: #"{"model":"llama3.2","messages":[{"role":"user","content":"Hi"}]}"#)
        var response = try RawResponse.readHead(connection)
        let headAt = Self.now() - start
        response.readBody(connection)
        let bodyAt = Self.now() - start
        #expect(headAt >= 0.28)
        #expect(bodyAt >= 0.58)
        #expect(response.complete)
    }

    @Test func allThreeTogether() async throws {
        let servers = try FakeServers(defaultBehaviour: .reply("same everywhere"))
        #expect(Set(servers.all.map(\.port)).count == 3)
        #expect(try RawHTTP.request(port: servers.ollama.port, "GET", "/").text == "Ollama is running")
        #expect(try RawHTTP.request(port: servers.openAI.port, "GET", "/v1/models").status == 200)
        #expect(servers.anthropic.baseURL == servers.anthropic.rootURL)
        servers.setDefaultBehaviour(.reply("changed"))
        #expect(servers.all.allSatisfy { server in
            if case .text(let text, _) = server.defaultBehaviour.reply { return text == "changed" }
            return false
        })
        let port = servers.openAI.port
        servers.stop()
        #expect(await Self.refusesConnections(port: port))
    }

    @Test func releasingAServerStopsIt() async throws {
        func startAndRelease() throws -> Int { try FakeAnthropicServer().port }
        let port = try startAndRelease()
        #expect(await Self.refusesConnections(port: port))
    }

    /// True once connecting to `port` fails (within 5 s).
    static func refusesConnections(port: Int) async -> Bool {
        for _ in 0..<100 {
            if (try? RawConnection(port: port, timeout: 1)) == nil { return true }
            try? await Task.sleep(nanoseconds: 50_000_000)
        }
        return false
    }
}
}
