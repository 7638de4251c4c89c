@testable import Comfy
import Foundation
import Net
import Testing
import TestSupport

/// One GPU shared with Ollama: `OllamaUnloader` against the fake Ollama (`/api/ps`, the
/// `keep_alive: 0` unload), and the runner asking it before each submission.
@Suite struct OllamaUnloaderTests {
    static func unloader(_ url: String) -> OllamaUnloader {
        OllamaUnloader(baseURL: url, settleSeconds: 2, timeouts: HTTPTimeouts(connect: 2, firstByte: 5, stall: 5))
    }

    @Test func everyLoadedModelIsUnloadedWithKeepAliveZeroAndNoPrompt() async throws {
        let ollama = try FakeOllamaServer()
        ollama.loadedModels = ["llama3.2", "qwen3:4b"]
        let unloader = Self.unloader(ollama.baseURL + "/")
        #expect(try await unloader.loadedModels() == ["llama3.2:latest", "qwen3:4b"])
        let report = await unloader.unloadIdleModels()
        #expect(report == OllamaUnloader.Report(unloaded: ["llama3.2:latest", "qwen3:4b"]))
        #expect(ollama.loadedModels.isEmpty)
        #expect(ollama.unloadRequests == ["llama3.2:latest", "qwen3:4b"])
        let bodies = ollama.requests.filter { $0.path == "/api/generate" }.compactMap(\.json)
        #expect(bodies.count == 2)
        for body in bodies {
            #expect(body["keep_alive"] == .number(0))
            #expect(body["prompt"] == nil)
        }
        // Nothing loaded: nothing asked.
        let again = await unloader.unloadIdleModels()
        #expect(again == OllamaUnloader.Report())
        #expect(ollama.requests.filter { $0.path == "/api/generate" }.count == 2)
    }

    @Test func theFakeLoadsOnChatAndListsLikeOllama() async throws {
        let ollama = try FakeOllamaServer()
        let http = HTTPClient.shared
        let load = HTTPRequest(method: "POST", url: ollama.baseURL + "/api/generate", body: Array(#"{"model":"llava:7b"}"#.utf8))
        let loaded = try await http.send(load)
        #expect(loaded.status == 200)
        let answer = try #require(FakeJSON.parse(String(decoding: loaded.body, as: UTF8.self)))
        #expect(answer["done_reason"]?.string == "load" && answer["done"] == .bool(true) && answer["response"]?.string == "")
        let ps = try await http.send(HTTPRequest(url: ollama.baseURL + "/api/ps"))
        let listed = try #require(FakeJSON.parse(String(decoding: ps.body, as: UTF8.self)))
        let entry = try #require(listed["models"]?[0])
        #expect(entry["name"]?.string == "llava:7b" && entry["model"]?.string == "llava:7b")
        for key in ["size", "digest", "details", "expires_at", "size_vram"] { #expect(entry[key] != nil, "\(key)") }
        let unknown = try await http.send(HTTPRequest(method: "POST", url: ollama.baseURL + "/api/generate",
                                                      body: Array(#"{"model":"nosuch","keep_alive":0}"#.utf8)))
        #expect(unknown.status == 404)
        #expect(String(decoding: unknown.body, as: UTF8.self).contains("model 'nosuch:latest' not found"))
    }

    @Test func anUnreachableOllamaIsAProblemLineNotAFailure() async throws {
        let port = try LoopbackHTTPServer { _, writer in writer.abort() }
        let url = port.baseURL
        port.stop()
        let report = await Self.unloader(url).unloadIdleModels()
        #expect(report.unloaded.isEmpty)
        #expect(report.problem?.contains("could not ask Ollama at \(url)") == true)
    }

    @Test func theRunnerFreesTheGPUBeforeSubmittingAndTheJobStillRunsWhenOllamaIsAway() async throws {
        let fake = try FakeComfyServer()
        let ollama = try FakeOllamaServer()
        ollama.loadedModels = ["llama3.2"]
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        var options = testRunnerOptions()
        options.ollamaUnloader = Self.unloader(ollama.baseURL)
        let runner = GenerationRunner(client: client(for: fake), saver: OutputSaver(dataDirectory: folder.path), options: options)
        let record = await collect(runner.start(try request("probe-modelfree")))
        #expect(record.error == nil, "\(String(describing: record.error))")
        let unloadedAt = try #require(record.events.firstIndex { if case .ollamaUnloaded = $0 { return true } else { return false } })
        let submittedAt = try #require(record.events.firstIndex { if case .submitted = $0 { return true } else { return false } })
        #expect(unloadedAt < submittedAt)
        guard case .ollamaUnloaded(let report) = record.events[unloadedAt] else { return }
        #expect(report.unloaded == ["llama3.2:latest"])
        #expect(ollama.loadedModels.isEmpty)

        ollama.httpServer.stop()
        let away = await collect(runner.start(try request("probe-modelfree")))
        #expect(away.error == nil, "a missing Ollama does not stop the job")
        #expect(away.contains { if case .ollamaUnloaded(let report) = $0 { return report.problem != nil } else { return false } })
        #expect(away.saved.count == 1)
    }
}
