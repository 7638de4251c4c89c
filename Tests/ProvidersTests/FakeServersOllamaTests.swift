import Foundation
import TestSupport
import Testing

extension FakeServersSerial {
@Suite struct FakeServersOllamaTests {
    static func chatBody(model: String = "llama3.2", stream: Bool? = nil, extra: String = "") -> String {
        let streamField = stream.map { #","stream":\#($0)"# } ?? ""
        return #"{"model":"\#(model)","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hi"}]\#(streamField)\#(extra)}"#
    }

    @Test func rootVersionAndHead() throws {
        let server = try FakeOllamaServer()
        let root = try RawHTTP.request(port: server.port, "GET", "/")
        #expect(root.status == 200)
        #expect(root.header("content-type")?.hasPrefix("text/plain") == true)
        #expect(root.text == "Ollama is running")
        let head = try RawHTTP.request(port: server.port, "HEAD", "/")
        #expect(head.status == 200)
        #expect(head.header("content-length") == "17")
        #expect(head.body.isEmpty)
        let version = try RawHTTP.request(port: server.port, "GET", "/api/version")
        #expect(version.json?["version"]?.string == "0.12.6")
    }

    @Test func tagsAndShowDescribeTheConfiguredModels() throws {
        let model = FakeOllamaModel(name: "mistral", family: "llama", contextLength: 32_768,
                                    capabilities: ["completion", "tools"])
        let server = try FakeOllamaServer(models: [model])
        let tags = try RawHTTP.request(port: server.port, "GET", "/api/tags")
        let entry = try #require(tags.json?["models"]?[0])
        #expect(entry["name"]?.string == "mistral:latest")
        #expect(entry["details"]?["family"]?.string == "llama")
        #expect(entry["details"]?["quantization_level"]?.string == "Q4_K_M")
        #expect(entry["digest"]?.string?.count == 64)
        #expect(tags.json?["models"]?.array?.count == 1)

        let show = try RawHTTP.post(port: server.port, "/api/show", json: #"{"model":"mistral"}"#)
        #expect(show.status == 200)
        #expect(show.json?["model_info"]?["llama.context_length"]?.int == 32_768)
        #expect(show.json?["model_info"]?["general.architecture"]?.string == "llama")
        #expect(show.json?["capabilities"]?.array == [.string("completion"), .string("tools")])
        #expect(show.json?["details"]?["parameter_size"]?.string == "3.2B")

        let missing = try RawHTTP.post(port: server.port, "/api/show", json: #"{"model":"nosuch"}"#)
        #expect(missing.status == 404)
        #expect(missing.text == #"{"error":"model 'nosuch:latest' not found"}"#)
    }

    @Test func chatStreamsNDJSONWithMetricsOnTheLastLine() throws {
        let server = try FakeOllamaServer(defaultBehaviour: .reply("Hello <b> & café", tokens: 3))
        let response = try RawHTTP.post(port: server.port, "/api/chat", json: Self.chatBody())
        #expect(response.status == 200)
        #expect(response.header("content-type") == "application/x-ndjson")
        #expect(response.complete)
        #expect(response.text.hasSuffix("}\n"))
        // Go escapes <, > and & in strings.
        #expect(response.text.contains(#"\u003cb\u003e"#) && response.text.contains(#"\u0026"#))
        #expect(!response.text.contains("<b>"))
        let lines = RawHTTP.ndjson(response.body)
        #expect(lines.count == 4)
        let pieces = lines.dropLast().compactMap { $0["message"]?["content"]?.string }
        #expect(pieces.joined() == "Hello <b> & café")
        for line in lines.dropLast() {
            #expect(line["done"]?.bool == false)
            #expect(line["eval_count"] == nil)
            #expect(line["message"]?["role"]?.string == "assistant")
        }
        let last = try #require(lines.last)
        #expect(last["done"]?.bool == true)
        #expect(last["done_reason"]?.string == "stop")
        #expect(last["eval_count"]?.int == 3)
        for metric in ["total_duration", "load_duration", "prompt_eval_count", "prompt_eval_duration", "eval_duration"] {
            #expect((last[metric]?.int ?? 0) > 0, "\(metric)")
        }
        #expect(last["model"]?.string == "llama3.2")
    }

    @Test func nonStreamingAnswerIsOneObject() throws {
        let server = try FakeOllamaServer(defaultBehaviour: .reply("One two three"))
        let response = try RawHTTP.post(port: server.port, "/api/chat", json: Self.chatBody(stream: false))
        #expect(response.status == 200)
        #expect(response.header("content-type") == "application/json; charset=utf-8")
        #expect(response.header("content-length") == String(response.body.count))
        #expect(response.json?["message"]?["content"]?.string == "One two three")
        #expect(response.json?["done"]?.bool == true)
        #expect(response.json?["eval_count"]?.int == 3)
    }

    @Test func requestErrorsUseOllamasBodies() throws {
        let server = try FakeOllamaServer()
        let unknown = try RawHTTP.post(port: server.port, "/api/chat", json: Self.chatBody(model: "nosuch"))
        #expect(unknown.status == 404)
        #expect(unknown.text == #"{"error":"model 'nosuch' not found"}"#)
        let empty = try RawHTTP.request(port: server.port, "POST", "/api/chat")
        #expect(empty.status == 400)
        #expect(empty.text == #"{"error":"missing request body"}"#)
        let garbage = try RawHTTP.post(port: server.port, "/api/chat", json: "not json")
        #expect(garbage.status == 400)
        #expect(garbage.json?["error"]?.string == "invalid character 'n' looking for beginning of value")
        let thinking = try RawHTTP.post(port: server.port, "/api/chat", json: Self.chatBody(extra: #","think":true"#))
        #expect(thinking.status == 400)
        #expect(thinking.json?["error"]?.string == #""llama3.2" does not support thinking"#)
        // None of these took a scripted behaviour.
        #expect(server.script.servedChatCount == 0)
    }

    @Test func busyThenMidStreamErrorThenThinking() throws {
        let server = try FakeOllamaServer()
        server.enqueue(.failure(503))
        server.enqueue(.generated(tokens: 5).failingMidStream(afterTokens: 2))
        server.enqueue(.reply("Answer.").thinking("Let me think"))

        let busy = try RawHTTP.post(port: server.port, "/api/chat", json: Self.chatBody())
        #expect(busy.status == 503)
        #expect(busy.text == #"{"error":"server busy, please try again.  maximum pending requests exceeded"}"#)

        let broken = try RawHTTP.post(port: server.port, "/api/chat", json: Self.chatBody())
        #expect(broken.status == 200)
        #expect(broken.complete)
        let lines = RawHTTP.ndjson(broken.body)
        #expect(lines.count == 3)
        #expect(lines[2]["error"]?.string?.isEmpty == false)
        #expect(!lines.contains { $0["done"]?.bool == true })

        let thoughtful = try RawHTTP.post(port: server.port, "/api/chat", json: Self.chatBody(model: "qwen3:4b"))
        let thoughts = RawHTTP.ndjson(thoughtful.body)
        #expect(thoughts.compactMap { $0["message"]?["thinking"]?.string }.joined() == "Let me think")
        #expect(thoughts[0]["message"]?["thinking"] != nil)
        #expect(thoughts.compactMap { $0["message"]?["content"]?.string }.joined() == "Answer.")
        #expect(thoughts.last?["eval_count"]?.int == 4)
    }

    @Test func numPredictLimitsTheReply() throws {
        let server = try FakeOllamaServer(defaultBehaviour: .generated(tokens: 10))
        let response = try RawHTTP.post(port: server.port, "/api/chat",
                                        json: Self.chatBody(extra: #","options":{"num_predict":4}"#))
        let lines = RawHTTP.ndjson(response.body)
        #expect(lines.count == 5)
        #expect(lines.last?["done_reason"]?.string == "length")
        #expect(lines.dropLast().compactMap { $0["message"]?["content"]?.string }.joined()
                == FakeBehaviour.Reply.generatedText(tokens: 4))
    }
}
}
