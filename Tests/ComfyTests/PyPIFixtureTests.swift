@testable import Comfy
import Foundation
import Testing
import TestSupport

/// The client's parsers against bytes recorded from the PyPI `comfyui==0.0.1` server
/// (Tests/Fixtures/real/comfyui-pypi): an older ComfyUI with fewer events and fields.
@Suite struct PyPIFixtureTests {
    static func fixture(_ name: String) throws -> JSONValue {
        try JSONValue.parse(Data(try Fixtures.data("comfyui-pypi/" + name)))
    }

    static func frames(_ name: String) throws -> [String] {
        String(decoding: try Fixtures.data("comfyui-pypi/" + name), as: UTF8.self).split(separator: "\n").map(String.init)
    }

    static let promptID = "0566c189-b73d-4610-a806-d90ee7f55b41"

    @Test func theServerChoosesThePromptIDItself() throws {
        let answer = try Self.fixture("prompt-200-modelfree.json")
        let receipt = try PromptReceipt.parse(try #require(answer["body"]))
        #expect(receipt.promptID == Self.promptID && receipt.number == 2 && receipt.nodeErrors.isEmpty)
        #expect(answer["requested_prompt_id"]?.stringValue != receipt.promptID)
    }

    @Test func historyWithoutExecutionSuccessStillSucceeds() throws {
        let body = try Self.fixture("history-modelfree.json")
        let entry = try #require(try HistoryEntry.parse(body, promptID: Self.promptID))
        #expect(entry.eventNames == ["execution_start", "execution_cached"])
        #expect(entry.succeeded && entry.completed && entry.statusText == "success")
        // `abs_path` (the server's own path) is ignored: only filename / subfolder / type count.
        #expect(entry.outputs == [OutputFile(node: "2", key: "images", filename: "capture_00002_.png", subfolder: "atelier", type: "output")])
    }

    @Test func socketFramesDecodeAndEndWithExecutingNull() throws {
        let lines = try Self.frames("ws-modelfree.jsonl")
        let events = lines.compactMap { ComfyServerEvent.decode(text: $0) }
        #expect(events.count == lines.count)
        #expect(events.first == .status(queueRemaining: 0, sid: "atelier-capture-client"))
        #expect(events.contains(.executing(promptID: Self.promptID, node: "1")))
        #expect(events.contains(.executed(promptID: Self.promptID, node: "2",
                                          files: [OutputFile(node: "2", filename: "capture_00002_.png", subfolder: "atelier")])))
        #expect(!events.contains { if case .executionSuccess = $0 { return true } else { return false } })
        #expect(!events.contains { if case .progressState = $0 { return true } else { return false } })
        #expect(events.last == .executing(promptID: Self.promptID, node: nil))
    }

    @Test func aCachedRunListsItsFileOnlyInHistory() throws {
        let lines = try Self.frames("ws-cached.jsonl")
        let events = lines.compactMap { ComfyServerEvent.decode(text: $0) }
        let cached = try #require(events.first { if case .executionCached = $0 { return true } else { return false } })
        #expect(cached.promptID.map { prompt in cached == .executionCached(promptID: prompt, nodes: ["1", "2"]) } == true)
        #expect(!events.contains { if case .executed = $0 { return true } else { return false } })
        let id = try #require(cached.promptID)
        let entry = try #require(try HistoryEntry.parse(try Self.fixture("history-cached.json"), promptID: id))
        #expect(entry.succeeded && entry.outputs.map(\.filename) == ["capture_00002_.png"])
    }

    @Test func anInterruptedRunIsInterrupted() throws {
        let events = try Self.frames("ws-interrupted.jsonl").compactMap { ComfyServerEvent.decode(text: $0) }
        let interruption = try #require(events.first { if case .executionInterrupted = $0 { return true } else { return false } })
        let id = try #require(interruption.promptID)
        #expect(interruption == .executionInterrupted(promptID: id, node: "2"))
        let entry = try #require(try HistoryEntry.parse(try Self.fixture("history-interrupted.json"), promptID: id))
        #expect(entry.interrupted && !entry.succeeded && entry.outputs.isEmpty && entry.statusText == "error")
    }

    @Test func rejectionsWithListNodeErrorsAndAStringError() throws {
        func rejection(_ name: String) throws -> ComfyError {
            let recorded = try Self.fixture(name)
            return PromptReceipt.rejection(status: Int(recorded["status"]?.intValue ?? 0), body: recorded["body"], baseURL: "http://h")
        }
        let noPrompt = try rejection("prompt-400-no-prompt.json")
        #expect(noPrompt.kind == .rejected && noPrompt.nodeErrors.isEmpty)
        #expect(noPrompt.message == "ComfyUI refused the workflow (HTTP 400, error): no prompt")
        let none = try rejection("prompt-400-no-outputs.json")
        #expect(none.message == "ComfyUI refused the workflow (HTTP 400, prompt_no_outputs): Prompt has no outputs")
        let unknown = try rejection("prompt-400-unknown-node.json")
        #expect(unknown.message.hasSuffix("Cannot execute because node NoSuchNode does not exist. (Node ID '#1')"))
        let bad = try rejection("prompt-400-bad-input.json")
        #expect(bad.nodeErrors.map(\.description)
                == ["node 1 (EmptyImage) input 'width': Failed to convert an input value to a INT value: width, wide, invalid literal for int() with base 10: 'wide'"])
    }

    @Test func systemStatsWithoutVersions() throws {
        let stats = try SystemStats.parse(try #require(try Self.fixture("system_stats.json")["body"]))
        #expect(stats.comfyUIVersion == nil && stats.pytorchVersion == nil && stats.ramTotal == nil)
        #expect(stats.pythonVersion?.hasPrefix("3.11.7") == true)
        #expect(stats.devices.map(\.type) == ["cpu"] && stats.devices.first?.vramTotal == 25_325_268_992)
    }

    @Test func queueAndObjectInfo() throws {
        let queue = try QueueSnapshot.parse(try #require(try Self.fixture("queue.json")["body"]))
        #expect(queue.running.isEmpty && queue.pending.isEmpty)
        let info = try ObjectInfo.parse(try #require(try Self.fixture("object_info-CheckpointLoaderSimple.json")["body"]))
        #expect(info.checkpoints.contains("v1-5-pruned-emaonly.safetensors"))
        #expect(try ObjectInfo.parse(try #require(try Self.fixture("object_info-unknown.json")["body"])).checkpoints.isEmpty)
    }
}
