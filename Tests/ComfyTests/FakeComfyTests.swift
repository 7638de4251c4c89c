@testable import Comfy
import Foundation
import Net
import Testing
import TestSupport

/// The fake must agree with the recordings of a real ComfyUI 0.8.0 (Tests/Fixtures/real).
@Suite struct FakeComfyTests {
    static func fixture(_ name: String) throws -> JSONValue { try JSONValue.parse(Data(try Fixtures.data(name))) }

    func get(_ url: String, headers: [HTTPHeader] = []) async throws -> HTTPResponse {
        try await HTTPClient.shared.send(HTTPRequest(url: url, headers: headers, timeouts: HTTPTimeouts(connect: 2, firstByte: 5, stall: 5)))
    }

    @Test func socketEventOrderMatchesTheRecording() async throws {
        let fake = try FakeComfyServer()
        let comfy = client(for: fake, clientID: "atelier-fixture-client")
        let socket = try await comfy.openEvents()
        defer { socket.close() }
        let workflow = try Self.fixture("comfyui-workflow-modelfree.api.json")
        let receipt = try await comfy.submit(workflow, extraPNGInfo: ["workflow": ["note": "atelier fixture"]])
        var seen: [(String, String?)] = []
        for try await message in socket.messages {
            guard case .text(let text) = message, let json = try? JSONValue.parse(Array(text.utf8)) else { continue }
            let type = json["type"]?.stringValue ?? "?"
            seen.append((type, json["data"]?["node"]?.stringValue))
            if type == "executing", json["data"]?["node"] == .null { break }
        }
        let recorded = try String(decoding: Fixtures.data("comfyui-ws-modelfree.jsonl"), as: UTF8.self)
            .split(separator: "\n").map { try JSONValue.parse(Array($0.utf8)) }
        #expect(seen.map(\.0) == recorded.map { $0["type"]?.stringValue ?? "" })
        #expect(seen.map(\.1) == recorded.map { $0["data"]?["node"]?.stringValue })
        #expect(recorded.first?["data"]?["sid"] == "atelier-fixture-client")
        let history = try #require(try await comfy.history(promptID: receipt.promptID))
        let recordedHistory = try #require(try HistoryEntry.parse(try Self.fixture("comfyui-history.json"),
                                                                  promptID: "90560d1c-75f4-4fa3-ae6d-6e2bde0f20fd"))
        #expect(history.eventNames == recordedHistory.eventNames)
        #expect(history.outputs.map(\.filename) == recordedHistory.outputs.map(\.filename))
        #expect(history.statusText == "success" && history.completed)
    }

    @Test func theFakeWritesValidPNGsWithComfyUIsTextChunks() async throws {
        let fake = try FakeComfyServer()
        let comfy = client(for: fake)
        let receipt = try await comfy.submit(try Self.fixture("comfyui-workflow-modelfree.api.json"),
                                             extraPNGInfo: ["workflow": ["note": "atelier fixture"]])
        #expect(await eventually { fake.history(receipt.promptID) != nil })
        let entry = try #require(try await comfy.history(promptID: receipt.promptID))
        let file = try #require(entry.outputs.first)
        let response = try await get(comfy.endpoint.url("/view", query: [("filename", file.filename), ("subfolder", file.subfolder), ("type", file.type)]))
        #expect(response.status == 200)
        #expect(response.head.headers.value(for: "Content-Type") == "image/png")
        let png = PNGChecker.check(response.body)
        #expect(png.problems.isEmpty, "\(png.problems)")
        #expect(png.width == 64 && png.height == 48)
        #expect(png.chunkTypes == ["IHDR", "tEXt", "tEXt", "IDAT", "IEND"])
        #expect(png.text["workflow"] == #"{"note": "atelier fixture"}"#)
        #expect(png.text["prompt"]?.contains("ImageInvert") == true)
        let recorded = PNGChecker.check(try [UInt8](Fixtures.data("comfyui-output.png")))
        #expect(recorded.chunkTypes == png.chunkTypes)
    }

    @Test func validationAnswersHaveTheRecordedShapes() async throws {
        let fake = try FakeComfyServer()
        let comfy = client(for: fake)
        func post(_ prompt: JSONValue) async throws -> (Int, JSONValue?) {
            try await comfy.requestJSON("POST", "/prompt", body: ["prompt": prompt, "client_id": "x"])
        }
        func recorded(_ name: String) throws -> (Int, JSONValue) {
            let fixture = try Self.fixture(name)
            return (Int(fixture["status"]?.intValue ?? 0), fixture["body"] ?? .null)
        }
        let save: JSONValue = ["class_type": "SaveImage", "inputs": ["images": ["1", 0], "filename_prefix": "x"]]
        let noOutputs = try await post(["1": ["class_type": "EmptyImage", "inputs": ["width": 8, "height": 8, "batch_size": 1, "color": 0]]])
        let recordedNoOutputs = try recorded("comfyui-prompt-400-no-outputs.json").1
        #expect(noOutputs.0 == 400 && noOutputs.1 == recordedNoOutputs)
        let unknown = try await post(["1": ["class_type": "NoSuchNode", "inputs": [:]], "2": save])
        let recordedUnknown = try recorded("comfyui-prompt-400-unknown-node.json").1
        #expect(unknown.0 == 400 && unknown.1 == recordedUnknown)
        for (name, inputs) in [("comfyui-prompt-400-bad-input.json", ["width": "wide", "height": 8, "batch_size": 1, "color": 0] as JSONValue),
                               ("comfyui-prompt-400-missing-input.json", ["height": 8, "batch_size": 1, "color": 0] as JSONValue)] {
            let answer = try await post(["1": ["class_type": "EmptyImage", "inputs": inputs], "2": save])
            let (status, body) = try recorded(name)
            #expect(answer.0 == status)
            #expect(answer.1?["error"] == body["error"])
            let mine = answer.1?["node_errors"]?["1"]
            let theirs = body["node_errors"]?["1"]
            #expect(mine?["class_type"] == theirs?["class_type"])
            #expect(mine?["dependent_outputs"] == theirs?["dependent_outputs"])
            let mineError = mine?["errors"]?.arrayValue?.first
            let theirError = theirs?["errors"]?.arrayValue?.first
            for key in ["type", "message", "details"] { #expect(mineError?[key] == theirError?[key], "\(name) \(key)") }
            #expect(mineError?["extra_info"]?["input_name"] == theirError?["extra_info"]?["input_name"])
            #expect(mineError?["extra_info"]?["received_value"] == theirError?["extra_info"]?["received_value"])
        }
        let noPrompt = try await comfy.requestJSON("POST", "/prompt", body: ["client_id": "x"])
        #expect(noPrompt.0 == 400 && noPrompt.1?["error"]?["type"] == "no_prompt")
    }

    @Test func viewHasComfyUIsGuards() async throws {
        let fake = try FakeComfyServer()
        let endpoint = ComfyEndpoint(fake.baseURL)
        func status(_ query: [(String, String)]) async throws -> Int { try await get(endpoint.url("/view", query: query)).status }
        let recordedTraversal = String(decoding: try Fixtures.data("comfyui-view-traversal.txt"), as: UTF8.self)
        #expect(recordedTraversal.contains("400"))
        #expect(try await status([("filename", "../../etc/passwd"), ("type", "output")]) == 400)
        #expect(try await status([("filename", "/etc/passwd")]) == 400)
        #expect(try await status([("filename", "x.png"), ("type", "secret")]) == 400)
        #expect(try await status([("filename", "x.png"), ("subfolder", "../../..")]) == 403)
        #expect(try await status([("filename", "missing.png")]) == 404)
        #expect(try await status([]) == 404)
    }

    @Test func aForeignOriginGets403AndTheClientSendsNone() async throws {
        let fake = try FakeComfyServer()
        let foreign = try await get(fake.baseURL + "/system_stats", headers: [HTTPHeader("Origin", "http://evil.example")])
        #expect(foreign.status == 403 && foreign.body.isEmpty)
        let same = try await get(fake.baseURL + "/system_stats", headers: [HTTPHeader("Origin", "http://127.0.0.1:\(fake.port)")])
        #expect(same.status == 200)
        let before = fake.requests.count
        let comfy = client(for: fake)
        _ = try await comfy.systemStats()
        _ = try await comfy.queue()
        let socket = try await comfy.openEvents()
        socket.close()
        let fromClient = fake.requests.dropFirst(before)
        #expect(fromClient.count >= 3)
        #expect(fromClient.allSatisfy { $0.headers["origin"] == nil })
    }

    @Test func wavAndMP4BytesAreWellFormed() {
        let wav = WAVEncoder.tone(seconds: 0.01)
        #expect(Array(wav[0..<4]) == Array("RIFF".utf8) && Array(wav[8..<12]) == Array("WAVE".utf8))
        let riffSize = Int(wav[4]) | Int(wav[5]) << 8 | Int(wav[6]) << 16 | Int(wav[7]) << 24
        #expect(riffSize == wav.count - 8)
        #expect(OutputFileType.sniff(wav)?.fileExtension == "wav")
        let mp4 = MP4Encoder.empty()
        var offset = 0
        var boxes: [String] = []
        while offset + 8 <= mp4.count {
            let size = Int(PNGChecker.be32(mp4, offset))
            boxes.append(String(decoding: mp4[(offset + 4)..<(offset + 8)], as: UTF8.self))
            #expect(size >= 8)
            offset += size
        }
        #expect(offset == mp4.count)
        #expect(boxes == ["ftyp", "moov", "mdat"])
        #expect(OutputFileType.sniff(mp4)?.fileExtension == "mp4")
    }
}
