@testable import Comfy
import Foundation
import Net
import Testing
import TestSupport

@Suite struct ComfyClientTests {
    @Test func submitSendsClientIDPromptIDAndPNGInfo() async throws {
        let fake = try FakeComfyServer()
        let comfy = client(for: fake, clientID: "client-abc")
        let workflow = try #require(shippedLibrary().template(id: "probe-modelfree")).instantiate(["width": .int(32)])
        let receipt = try await comfy.submit(workflow.prompt, promptID: "my-own-id", extraPNGInfo: ["atelier": ["workflow_id": "probe-modelfree"]])
        #expect(receipt.promptID == "my-own-id")
        let body = try #require(fake.promptBodies.last)
        #expect(body["client_id"]?.string == "client-abc")
        #expect(body["prompt_id"]?.string == "my-own-id")
        #expect(body["extra_data"]?["extra_pnginfo"]?["atelier"]?["workflow_id"]?.string == "probe-modelfree")
        #expect(body["prompt"]?["1"]?["inputs"]?["width"]?.integer == 32)
        #expect(await eventually { fake.history("my-own-id") != nil })
        let entry = try #require(try await comfy.history(promptID: "my-own-id"))
        #expect(entry.succeeded && entry.outputs.count == 1)
        #expect(try await comfy.history(promptID: "unknown-id") == nil)
    }

    @Test func nodeErrorsBecomeOneMessagePerNodeAndInput() async throws {
        let fake = try FakeComfyServer()
        let comfy = client(for: fake)
        let graph: JSONValue = [
            "1": ["class_type": "EmptyImage", "inputs": ["width": "wide", "height": 99999, "batch_size": 1]],
            "2": ["class_type": "SaveImage", "inputs": ["images": ["1", 0], "filename_prefix": "x"]],
        ]
        let error = await #expect(throws: ComfyError.self) { _ = try await comfy.submit(graph) }
        #expect(error?.kind == .rejected && error?.status == 400)
        let lines = error?.nodeErrors.map(\.description) ?? []
        #expect(lines.count == 3)
        #expect(lines.contains("node 1 (EmptyImage) input 'width': Failed to convert an input value to a INT value: width, wide, invalid literal for int() with base 10: 'wide'"))
        #expect(lines.contains("node 1 (EmptyImage) input 'height': Value 99999 bigger than max of 16384: height"))
        #expect(lines.contains("node 1 (EmptyImage) input 'color': Required input is missing: color"))
        #expect(error?.message.split(separator: "\n").count == 4)
    }

    @Test func aPartlyValidPromptIsReportedAndWithdrawn() async throws {
        let fake = try FakeComfyServer()
        fake.update { $0.holdQueue = true }
        let comfy = client(for: fake)
        let graph: JSONValue = [
            "1": ["class_type": "EmptyImage", "inputs": ["width": 8, "height": 8, "batch_size": 1, "color": 0]],
            "2": ["class_type": "SaveImage", "inputs": ["images": ["1", 0], "filename_prefix": "good"]],
            "3": ["class_type": "EmptyImage", "inputs": ["width": 8, "height": 8, "batch_size": 1]],
            "4": ["class_type": "SaveImage", "inputs": ["images": ["3", 0], "filename_prefix": "bad"]],
        ]
        let error = await #expect(throws: ComfyError.self) { _ = try await comfy.submit(graph, promptID: "partial") }
        #expect(error?.status == 200)
        #expect(error?.nodeErrors.first?.description == "node 3 (EmptyImage) input 'color': Required input is missing: color")
        #expect(fake.deletedFromQueue == ["partial"])
        #expect(fake.pendingPromptIDs.isEmpty)
    }

    @Test func aMissingCheckpointIsNamedWithWhatIsInstalled() async throws {
        let fake = try FakeComfyServer()
        fake.setCheckpoints(["dreamshaper_8.safetensors", "juggernaut.safetensors"])
        let comfy = client(for: fake)
        let workflow = try #require(shippedLibrary().template(id: "sd15-txt2img")).instantiate(["prompt": "x"])
        let preflight = await #expect(throws: ComfyError.self) { try await comfy.preflight(workflow.prompt) }
        #expect(preflight?.kind == .missingModel)
        #expect(preflight?.available == ["dreamshaper_8.safetensors", "juggernaut.safetensors"])
        #expect(preflight?.message == "node 4 (CheckpointLoaderSimple) input 'ckpt_name': 'v1-5-pruned-emaonly.safetensors' is not installed on ComfyUI; available: dreamshaper_8.safetensors, juggernaut.safetensors")
        let server = await #expect(throws: ComfyError.self) { _ = try await comfy.submit(workflow.prompt) }
        #expect(server?.kind == .missingModel && server?.status == 400)
        #expect(server?.message.hasPrefix("The model 'v1-5-pruned-emaonly.safetensors' (node 4 input 'ckpt_name') is not installed on ComfyUI; available: dreamshaper_8.safetensors, juggernaut.safetensors.") == true)
        fake.setCheckpoints([])
        let none = await #expect(throws: ComfyError.self) { try await comfy.preflight(workflow.prompt) }
        #expect(none?.message.hasSuffix("none are installed") == true)
    }

    @Test func discovery() async throws {
        let fake = try FakeComfyServer()
        let comfy = client(for: fake)
        #expect(try await comfy.checkpoints().contains("sd_xl_base_1.0.safetensors"))
        let info = try await comfy.objectInfo()
        #expect(info.samplers.contains("euler") && info.schedulers.contains("karras"))
        #expect(info.choices("SaveVideo", "format") == ["auto", "mp4"])
        #expect(try await comfy.objectInfo(classType: "NoSuchNode").classes.isEmpty)
        let stats = try await comfy.systemStats()
        #expect(stats.comfyUIVersion == "0.8.0" && stats.devices.first?.type == "cuda")
        for template in shippedLibrary().templates {
            let workflow = try template.instantiate([:])
            #expect(info.preflight(workflow.prompt).isEmpty, "\(template.id): \(info.preflight(workflow.prompt))")
        }
    }

    @Test func queuePositionsInterruptAndDelete() async throws {
        let fake = try FakeComfyServer()
        fake.update { $0.holdQueue = true }
        let comfy = client(for: fake)
        let workflow = try #require(shippedLibrary().template(id: "probe-modelfree"))
        for id in ["a", "b", "c"] { _ = try await comfy.submit(try workflow.instantiate([:]).prompt, promptID: id) }
        let queue = try await comfy.queue()
        #expect(queue.pending.map(\.promptID) == ["a", "b", "c"])
        #expect(queue.position(of: "c") == 2)
        try await comfy.deleteFromQueue(["b"])
        #expect(try await comfy.queue().pending.map(\.promptID) == ["a", "c"])
        try await comfy.interrupt(promptID: "a")
        #expect(fake.interrupts == ["a"])
    }

    @Test func uploadsAnInputImage() async throws {
        let fake = try FakeComfyServer()
        let comfy = client(for: fake)
        let name = try await comfy.uploadImage(PNGEncoder.solid(width: 2, height: 2, color: 0), filename: "in put/../x.png")
        #expect(name == "input.x.png")
        let again = try await comfy.uploadImage(PNGEncoder.solid(width: 2, height: 2, color: 1), filename: "input.x.png")
        #expect(again == "input.x (1).png")
        #expect(try await comfy.objectInfo(classType: "LoadImage").choices("LoadImage", "image")?.contains(again) == true)
    }

    @Test func anUnreachableServerNamesTheURLAndTheFix() async throws {
        let fake = try FakeComfyServer()
        fake.stop()
        let comfy = client(for: fake)
        let error = await #expect(throws: ComfyError.self) { _ = try await comfy.systemStats() }
        #expect(error?.kind == .unreachable)
        #expect(error?.message.contains("ComfyUI is not reachable at \(fake.baseURL)") == true)
        #expect(error?.message.contains("COMFYUI_URL") == true && error?.message.contains("comfyui_url") == true)
    }

    @Test func waitingForAServerThatComesBack() async throws {
        let fake = try FakeComfyServer()
        fake.stop()
        let comfy = client(for: fake)
        let waits = Box(0)
        let backoff = Backoff(initial: 0.05, factor: 1, maximum: 0.05)
        let restarter = Task {
            _ = await eventually { waits.current >= 2 }
            try fake.restart()
        }
        let stats = try await comfy.waitUntilReachable(backoff: backoff) { _, attempt, _ in waits.update { $0 = attempt } }
        try await restarter.value
        #expect(stats.comfyUIVersion == "0.8.0")
        #expect(waits.current >= 2)
        fake.stop()
        let gaveUp = await #expect(throws: ComfyError.self) { _ = try await comfy.waitUntilReachable(backoff: backoff, maxAttempts: 3) }
        #expect(gaveUp?.kind == .unreachable)
    }

    @Test func aServerThatAcceptsButNeverAnswers() async throws {
        let fake = try FakeComfyServer()
        fake.update { $0.stallRequests = true }
        let comfy = ComfyClient(endpoint: ComfyEndpoint(fake.baseURL), timeouts: HTTPTimeouts(connect: 2, firstByte: 0.3, stall: 0.3))
        let error = await #expect(throws: ComfyError.self) { _ = try await comfy.queue() }
        #expect(error?.kind == .unreachable)
        #expect(error?.message.contains("did not answer in time") == true)
    }

    @Test func endpointsAndURLs() {
        #expect(ComfyEndpoint.resolve(environment: [:]).baseURL == "http://127.0.0.1:8188")
        #expect(ComfyEndpoint.resolve(environment: ["COMFYUI_URL": "http://gpu:9000/"], configValue: "http://cfg").baseURL == "http://gpu:9000")
        #expect(ComfyEndpoint.resolve(environment: ["COMFYUI_URL": " "], configValue: "cfg:1").baseURL == "http://cfg:1")
        let endpoint = ComfyEndpoint("http://h:1/prefix")
        #expect(endpoint.url("/view", query: [("filename", "a b&c/../d\u{0}.png")]) == "http://h:1/prefix/view?filename=a%20b%26c%2F..%2Fd%00.png")
        #expect(endpoint.webSocketURL(clientID: "id 1") == "ws://h:1/prefix/ws?clientId=id%201")
        #expect(ComfyEndpoint("https://x").webSocketURL(clientID: "a") == "wss://x/ws?clientId=a")
    }
}
