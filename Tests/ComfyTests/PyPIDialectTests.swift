@testable import Comfy
import Foundation
import Net
import Testing
import TestSupport

/// The fake imitating the older PyPI `comfyui==0.0.1` (`FakeComfyDialect.pypi2024`) must agree
/// with its recordings (Tests/Fixtures/real/comfyui-pypi), and the client must work with it:
/// the server picks the prompt id, sends no `execution_success`, and interrupts whatever runs.
@Suite struct PyPIDialectTests {
    static func legacyFake() throws -> FakeComfyServer {
        let fake = try FakeComfyServer()
        fake.update { $0.dialect = .pypi2024 }
        return fake
    }

    static func submittedID(_ record: JobRecord) -> String? {
        record.events.lazy.compactMap { if case .submitted(let id, _) = $0 { return id } else { return nil } }.first
    }

    @Test func socketFramesMatchTheRecording() async throws {
        let fake = try Self.legacyFake()
        let comfy = client(for: fake, clientID: "atelier-capture-client")
        let socket = try await comfy.openEvents()
        defer { socket.close() }
        let workflow = try #require(shippedLibrary().template(id: "probe-modelfree")).instantiate([:]).prompt
        let receipt = try await comfy.submit(workflow, promptID: "mine")
        #expect(receipt.promptID != "mine")
        var seen: [JSONValue] = []
        for try await message in socket.messages {
            guard case .text(let text) = message, let json = try? JSONValue.parse(Array(text.utf8)) else { continue }
            seen.append(json)
            if json["type"] == "executing", json["data"]?["node"] == .null { break }
        }
        let recorded = try PyPIFixtureTests.frames("ws-modelfree.jsonl").map { try JSONValue.parse(Array($0.utf8)) }
        #expect(seen.map { $0["type"]?.stringValue } == recorded.map { $0["type"]?.stringValue })
        #expect(seen.map { $0["data"]?["node"]?.stringValue } == recorded.map { $0["data"]?["node"]?.stringValue })
        // The same fields in every event's data (values differ: ids, names, paths).
        let keys: (JSONValue) -> [String] = { ($0["data"]?.objectValue?.keys).map { $0.sorted() } ?? [] }
        #expect(seen.map(keys) == recorded.map(keys))
        let file: (JSONValue) -> [String] = { ($0["data"]?["output"]?["images"]?.arrayValue?.first?.objectValue?.keys).map { $0.sorted() } ?? [] }
        #expect(seen.map(file) == recorded.map(file))

        let history = try #require(try await comfy.history(promptID: receipt.promptID))
        #expect(history.eventNames == ["execution_start", "execution_cached"] && history.succeeded)
        let recordedEntry = try PyPIFixtureTests.fixture("history-modelfree.json")[PyPIFixtureTests.promptID]
        let raw = try #require(try await comfy.requestJSON("GET", "/history/" + receipt.promptID).1)
        #expect(raw[receipt.promptID]?.objectValue?.keys.sorted() == recordedEntry?.objectValue?.keys.sorted())
    }

    @Test func errorAnswersMatchTheRecording() async throws {
        let fake = try Self.legacyFake()
        let comfy = client(for: fake)
        let noPrompt = try await comfy.requestJSON("POST", "/prompt", body: ["client_id": "x"])
        let recordedNoPrompt = try PyPIFixtureTests.fixture("prompt-400-no-prompt.json")["body"]
        #expect(noPrompt.0 == 400 && noPrompt.1 == recordedNoPrompt)
        let image: JSONValue = ["class_type": "EmptyImage", "inputs": ["width": 8, "height": 8, "batch_size": 1, "color": 0]]
        let noOutputs = try await comfy.requestJSON("POST", "/prompt", body: ["prompt": ["1": image]])
        let recordedNoOutputs = try PyPIFixtureTests.fixture("prompt-400-no-outputs.json")["body"]
        #expect(noOutputs.0 == 400 && noOutputs.1 == recordedNoOutputs)
        let stats = try await comfy.systemStats()
        let recordedStats = try PyPIFixtureTests.fixture("system_stats.json")["body"]
        #expect(stats.raw == recordedStats)
    }

    @Test func aGenerationFollowsTheServersPromptIDAndSaves() async throws {
        let fake = try Self.legacyFake()
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let record = await collect(makeRunner(fake, folder).start(try request("probe-modelfree")))
        #expect(record.error == nil, "\(String(describing: record.error))")
        let id = try #require(Self.submittedID(record))
        let asked = try #require(fake.promptBodies.last?["prompt_id"]?.string)
        #expect(id != asked && fake.history(id) != nil)
        let saved = try #require(record.saved.first)
        let served = try #require(fake.history(id)?["outputs"]?["2"]?["images"]?.array?.first)
        #expect(served["abs_path"] != nil)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: try #require(served["abs_path"]?.string)))
        #expect(try Data(contentsOf: URL(fileURLWithPath: saved.path)) == bytes)
    }

    /// This server interrupts whatever runs, whatever id `/interrupt` names: cancelling our
    /// queued job must only dequeue it, never stop another client's running job.
    @Test func cancellingAQueuedJobLeavesAnotherClientsRunningJobAlone() async throws {
        let fake = try Self.legacyFake()
        fake.update { $0.stepDelay = 0.03 }
        let other = client(for: fake, clientID: "someone-else")
        let sampler = try #require(shippedLibrary().template(id: "sd15-txt2img"))
        let theirs = try await other.submit(try sampler.instantiate(["prompt": "x", "steps": 40]).prompt).promptID
        #expect(await eventually { fake.runningPromptID == theirs })
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let job = makeRunner(fake, folder).start(try request("probe-modelfree"))
        let record = await collect(job) { event in
            if case .queued = event { job.cancel() }
        }
        #expect(record.comfyError?.kind == .cancelled)
        let ours = try #require(Self.submittedID(record))
        #expect(fake.deletedFromQueue.contains(ours))
        #expect(fake.interrupts.isEmpty)
        #expect(await eventually(within: 20) { fake.history(theirs) != nil })
        #expect(fake.history(theirs)?["status"]?["status_str"]?.string == "success")
        #expect(fake.history(ours) == nil && folder.files().isEmpty)
    }

    @Test func cancellingOurRunningJobInterruptsIt() async throws {
        let fake = try Self.legacyFake()
        fake.update { $0.stepDelay = 0.05 }
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let job = makeRunner(fake, folder).start(try request("sd15-txt2img", ["prompt": "x", "steps": 100]))
        let record = await collect(job) { event in
            if case .progress(_, 2, _) = event { job.cancel() }
        }
        #expect(record.comfyError?.kind == .cancelled)
        let ours = try #require(Self.submittedID(record))
        #expect(fake.interrupts == [ours])
        #expect(await eventually { fake.history(ours) != nil })
        let messages = fake.history(ours)?["status"]?["messages"]?.array?.compactMap { $0.array?.first?.string }
        #expect(messages == ["execution_start", "execution_cached", "execution_interrupted"])
    }
}
