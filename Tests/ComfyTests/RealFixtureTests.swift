@testable import Comfy
import Core
import Foundation
import Testing
import TestSupport

/// The client's parsers against bytes recorded from a real ComfyUI 0.8.0.
@Suite struct RealFixtureTests {
    static func fixture(_ name: String) throws -> JSONValue { try JSONValue.parse(Data(try Fixtures.data(name))) }
    static let promptID = "90560d1c-75f4-4fa3-ae6d-6e2bde0f20fd"

    @Test func historyEntry() throws {
        let entry = try #require(try HistoryEntry.parse(try Self.fixture("comfyui-history.json"), promptID: Self.promptID))
        #expect(entry.succeeded && entry.completed && entry.statusText == "success")
        #expect(entry.outputs == [OutputFile(node: "3", key: "images", filename: "atelier_fixture_00001_.png", subfolder: "", type: "output")])
        #expect(entry.eventNames == ["execution_start", "execution_cached", "execution_success"])
        #expect(try HistoryEntry.parse(.object([:]), promptID: Self.promptID) == nil)
        #expect(throws: ComfyError.self) { try HistoryEntry.parse(.array([]), promptID: "x") }
    }

    @Test func socketMessages() throws {
        let lines = String(decoding: try Fixtures.data("comfyui-ws-modelfree.jsonl"), as: UTF8.self).split(separator: "\n")
        let events = lines.compactMap { ComfyServerEvent.decode(text: String($0)) }
        #expect(events.count == lines.count)
        #expect(events.first == .status(queueRemaining: 0, sid: "atelier-fixture-client"))
        #expect(events[3] == .executionStart(promptID: Self.promptID))
        #expect(events[4] == .executionCached(promptID: Self.promptID, nodes: []))
        #expect(events.contains(.executing(promptID: Self.promptID, node: "2")))
        #expect(events.contains(.executed(promptID: Self.promptID, node: "3",
                                          files: [OutputFile(node: "3", filename: "atelier_fixture_00001_.png")])))
        #expect(events.last == .executing(promptID: Self.promptID, node: nil))
        guard case .progressState(_, let nodes) = events[7] else {
            Issue.record("expected progress_state")
            return
        }
        #expect(nodes["1"]?.state == "finished" && nodes["1"]?.max == 1)
        #expect(events.allSatisfy { $0.promptID == nil || $0.promptID == Self.promptID })
    }

    @Test func binaryPreviewFrames() {
        let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0]
        #expect(ComfyServerEvent.decode(binary: [0, 0, 0, 1, 0, 0, 0, 1] + jpeg) == .preview(format: 1, bytes: jpeg))
        #expect(ComfyServerEvent.decode(binary: [0, 0, 0, 9, 1, 2]) == .otherBinary(type: 9))
        #expect(ComfyServerEvent.decode(binary: [0, 0, 1]) == nil)
        #expect(ComfyServerEvent.decode(text: "not json") == nil)
        #expect(ComfyServerEvent.decode(text: #"{"type": "crystools.monitor", "data": {}}"#) == .other(type: "crystools.monitor"))
    }

    @Test func submitAnswerAndRejections() throws {
        let receipt = try PromptReceipt.parse(try Self.fixture("comfyui-prompt-200.json"))
        #expect(receipt.promptID == Self.promptID && receipt.number == 5 && receipt.nodeErrors.isEmpty)

        let bad = try Self.fixture("comfyui-prompt-400-bad-input.json")
        let badError = PromptReceipt.rejection(status: 400, body: bad["body"], baseURL: "http://h")
        #expect(badError.kind == .rejected)
        #expect(badError.nodeErrors.count == 1)
        #expect(badError.nodeErrors[0].description
                == "node 1 (EmptyImage) input 'width': Failed to convert an input value to a INT value: width, wide, invalid literal for int() with base 10: 'wide'")
        #expect(badError.nodeErrors[0].receivedValue == "wide")
        #expect(badError.message.hasPrefix("ComfyUI refused the workflow (HTTP 400, prompt_outputs_failed_validation): Prompt outputs failed validation\n  node 1 (EmptyImage) input 'width'"))

        let missing = try Self.fixture("comfyui-prompt-400-missing-input.json")
        let missingError = PromptReceipt.rejection(status: 400, body: missing["body"], baseURL: "http://h")
        #expect(missingError.nodeErrors.map(\.description) == ["node 1 (EmptyImage) input 'width': Required input is missing: width"])

        let unknown = PromptReceipt.rejection(status: 400, body: try Self.fixture("comfyui-prompt-400-unknown-node.json")["body"], baseURL: "http://h")
        #expect(unknown.message == "ComfyUI refused the workflow (HTTP 400, invalid_prompt): Cannot execute because node NoSuchNode does not exist. (Node ID '#1')")
        let none = PromptReceipt.rejection(status: 400, body: try Self.fixture("comfyui-prompt-400-no-outputs.json")["body"], baseURL: "http://h")
        #expect(none.message == "ComfyUI refused the workflow (HTTP 400, prompt_no_outputs): Prompt has no outputs")
    }

    @Test func missingCheckpointFromTheDocumentedShape() throws {
        let body = try JSONValue.parse(Array("""
        {"error":{"type":"prompt_outputs_failed_validation","message":"Prompt outputs failed validation","details":"","extra_info":{}},
         "node_errors":{"4":{"errors":[{"type":"value_not_in_list","message":"Value not in list",
           "details":"ckpt_name: 'nope.safetensors' not in ['a.safetensors']",
           "extra_info":{"input_name":"ckpt_name","input_config":[["a.safetensors"],{"tooltip":"..."}],"received_value":"nope.safetensors"}}],
          "dependent_outputs":["9"],"class_type":"CheckpointLoaderSimple"}}}
        """.utf8))
        let error = PromptReceipt.rejection(status: 400, body: body, baseURL: "http://h")
        #expect(error.kind == .missingModel)
        #expect(error.available == ["a.safetensors"])
        #expect(error.message.hasPrefix("The model 'nope.safetensors' (node 4 input 'ckpt_name') is not installed on ComfyUI; available: a.safetensors."))
    }

    @Test func objectInfoExcerpt() throws {
        let info = try ObjectInfo.parse(try Self.fixture("comfyui-object_info-excerpt.json"))
        #expect(info.checkpoints == [])
        #expect(info.samplers.contains("euler") && info.schedulers.contains("normal"))
        #expect(info.choices("LoadImage", "image") == ["example.png"])
        #expect(info.choices("EmptyImage", "width") == nil)
        let v3 = ObjectInfo(classes: ["SaveVideo": ["input": ["required": ["format": ["COMBO", ["options": ["auto", "mp4"]]]]]]])
        #expect(v3.choices("SaveVideo", "format") == ["auto", "mp4"])
        let graph: JSONValue = ["4": ["class_type": "CheckpointLoaderSimple", "inputs": ["ckpt_name": "v1-5.safetensors"]],
                                "7": ["class_type": "Mystery", "inputs": [:]]]
        let problems = info.preflight(graph)
        #expect(problems.count == 2)
        #expect(problems[0].isMissingModel)
        #expect(problems[0].message == "node 4 (CheckpointLoaderSimple) input 'ckpt_name': 'v1-5.safetensors' is not installed on ComfyUI; none are installed")
        #expect(problems[1].message.contains("no node class 'Mystery'"))
    }

    @Test func systemStatsAndQueue() throws {
        let stats = try SystemStats.parse(try Self.fixture("comfyui-system_stats.json"))
        #expect(stats.comfyUIVersion == "0.8.0" && stats.devices.first?.type == "cpu")
        #expect(stats.ramTotal == 25_276_502_016)
        let queue = try QueueSnapshot.parse(try Self.fixture("comfyui-queue.json"))
        #expect(queue.running.isEmpty && queue.pending.isEmpty)
        let busy = try QueueSnapshot.parse(["queue_running": [[3, "r", [:], [:], []]],
                                            "queue_pending": [[7, "b", [:], [:], []], [5, "a", [:], [:], []], ["junk"]]])
        #expect(busy.pending.map(\.promptID) == ["a", "b"])
        #expect(busy.position(of: "a") == 1 && busy.position(of: "b") == 2 && busy.position(of: "r") == nil)
        #expect(busy.isRunning("r"))
    }

    @Test func theRecordedPNGIsRecognisedAndHashed() throws {
        let bytes = try [UInt8](Fixtures.data("comfyui-output.png"))
        #expect(OutputFileType.sniff(bytes)?.fileExtension == "png")
        let headers = String(decoding: try Fixtures.data("comfyui-view-headers.txt"), as: UTF8.self)
        let contentType = headers.split(separator: "\n").first { $0.hasPrefix("Content-Type:") }.map { String($0.dropFirst(13)) }
        #expect(OutputFileType.from(contentType: contentType)?.fileExtension == "png")
        #expect(SHA256Hasher.hex(bytes).count == 64)
    }
}
