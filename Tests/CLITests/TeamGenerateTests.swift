import Foundation
import TestSupport
import Testing

/// `atelier team --generate`: the real binary, the fake team and the fake ComfyUI. The team
/// reaches `ready`, Pixel's prompt is optimized with the workflow's instruction, and the
/// approved spec is rendered, or left `queued` when ComfyUI does not answer.
@Suite struct TeamGenerateTests {
    static let optimizedMarker = "optimized for the workflow: "

    /// The team, plus the prompt pipeline's optimization step (system `Task: Transform…`).
    @Sendable static func answer(_ request: FakeChatRequest) -> String {
        if (request.system ?? "").hasPrefix("Task:\nTransform the INPUT") {
            return optimizedMarker + request.lastUserText
        }
        return TeamFakeTeam.answer(request)
    }

    static let pixelPrompt = "cyberpunk street at night, teal and amber neon, low angle, lone courier waiting"

    @Test func theApprovedSpecIsOptimizedRenderedAndRecorded() async throws {
        let server = try TeamFakeTeam.server(Self.answer)
        defer { server.stop() }
        let comfy = try FakeComfyServer()
        comfy.setCheckpoints(["dreamshaper_8.safetensors"])
        let home = try TeamFakeTeam.home(server)
        let result = try await AtelierProcess.run(["team", "--generate", TeamFakeTeam.request], home: home.path,
                                                  environment: GenerateSupport.environment(comfy), timeout: 60)
        #expect(result.status == 0, "\(result.stderr)")
        let out = result.stdout
        let ready = try #require(out.range(of: "== ready: spec v1 (approved) =="))
        let heading = try #require(out.range(of: "== generation 1: spec v1 with workflow sd15-txt2img =="))
        #expect(ready.lowerBound < heading.lowerBound, "the conversation ends before the job starts")
        let path = home.path + "/data/generations/1/1/image-001.png"
        #expect(out.contains("\n" + path + "\n"), "\(out)")
        #expect(out.contains("Generation 1 is saved; see `atelier generations show 1`."))
        #expect(result.stderr.contains("atelier team: generation 1 queued"))
        #expect(result.stderr.contains("atelier team: generation 1 running"))
        let png = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(Array(png.prefix(8)) == GenerateSupport.pngSignature)
        // What ComfyUI got: the optimized prompt and the spec's values.
        let sent = try #require(comfy.promptBodies.first)
        #expect(sent["prompt"]?["6"]?["inputs"]?["text"]?.string == Self.optimizedMarker + Self.pixelPrompt)
        #expect(sent["prompt"]?["3"]?["inputs"]?["steps"]?.integer == 28)
        #expect(sent["prompt"]?["3"]?["inputs"]?["sampler_name"]?.string == "dpmpp_2m")
        #expect(sent["prompt"]?["4"]?["inputs"]?["ckpt_name"]?.string == "dreamshaper_8.safetensors")
        // Both pipeline results are stored: the request as the idea, Pixel's prompt as the interception.
        let show = try await AtelierProcess.run(["generations", "show", "1", "--json"], home: home.path)
        let record = try #require(FakeJSON.parse(show.stdout.trimmingCharacters(in: .newlines)))
        #expect(record["generation"]?["status"]?.string == "complete")
        #expect(record["generation"]?["source_kind"]?.string == "team")
        #expect(record["generation"]?["session_id"]?.int == 1)
        #expect(record["idea"]?.string == TeamFakeTeam.request)
        #expect(record["interception"]?.string == Self.pixelPrompt)
        #expect(record["generation"]?["positive"]?.string == Self.optimizedMarker + Self.pixelPrompt)
        #expect(record["assets"]?[0]?["path"]?.string == path)
    }

    @Test func anUnreachableComfyUILeavesTheGenerationQueuedAndExitsFour() async throws {
        let server = try TeamFakeTeam.server(Self.answer)
        defer { server.stop() }
        let home = try TeamFakeTeam.home(server)
        let closed = try FakeHome.closedURL()
        let result = try await AtelierProcess.run(["team", "--generate", TeamFakeTeam.request], home: home.path,
                                                  environment: ["COMFYUI_URL": closed], timeout: 60)
        #expect(result.status == 4, "\(result.stderr)")
        #expect(result.stdout.contains("== ready: spec v1 (approved) =="), "the conversation completes")
        #expect(result.stdout.contains("== generation 1: spec v1 with workflow sd15-txt2img =="))
        #expect(result.stderr.contains("ComfyUI is not reachable at \(closed)"), "\(result.stderr)")
        #expect(result.stderr.contains("generation 1 stays queued; send it once ComfyUI runs: atelier generations send 1"))
        let show = try await AtelierProcess.run(["generations", "show", "1", "--json"], home: home.path)
        let record = try #require(FakeJSON.parse(show.stdout.trimmingCharacters(in: .newlines)))
        #expect(record["generation"]?["status"]?.string == "queued")
        #expect(record["generation"]?["positive"]?.string == Self.optimizedMarker + Self.pixelPrompt)

        // Once ComfyUI runs, the queued generation is sent as it was recorded.
        let comfy = try FakeComfyServer()
        comfy.setCheckpoints(["dreamshaper_8.safetensors"])
        let send = try await AtelierProcess.run(["generations", "send", "1"], home: home.path,
                                                environment: GenerateSupport.environment(comfy), timeout: 60)
        #expect(send.status == 0, "\(send.stderr)")
        #expect(send.stdout.contains("/generations/1/1/image-001.png"))
    }

    @Test func continuingAReadySessionWithGenerateRendersItsSpecWithJSONEvents() async throws {
        let server = try TeamFakeTeam.server(Self.answer)
        defer { server.stop() }
        let home = try TeamFakeTeam.home(server)
        let first = try await AtelierProcess.run(["team", TeamFakeTeam.request], home: home.path, timeout: 30)
        #expect(first.status == 0, "\(first.stderr)")
        let comfy = try FakeComfyServer()
        comfy.setCheckpoints(["dreamshaper_8.safetensors"])
        let result = try await AtelierProcess.run(["team", "--continue", "1", "--generate", "--json"], home: home.path,
                                                  environment: GenerateSupport.environment(comfy), timeout: 60)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = jsonLines(result.stdout)
        #expect(lines.allSatisfy { $0.object != nil }, "every line is JSON")
        let saved = try #require(lines.first { $0["event"]?.string == "saved" })
        #expect(saved["generation_id"]?.int == 1)
        #expect(saved["path"]?.string?.hasSuffix("/generations/1/1/image-001.png") == true)
        let last = try #require(lines.last)
        #expect(last["event"]?.string == "finished" && last["status"]?.string == "complete" && last["exit_code"]?.int == 0)
    }

    @Test func ctrlCDuringTheJobInterruptsItOnComfyUIAndExits130() async throws {
        // The team session's signal trap ends before the generation's starts: the second
        // trap of the process must still hear Ctrl-C.
        let server = try TeamFakeTeam.server(Self.answer)
        defer { server.stop() }
        let comfy = try FakeComfyServer()
        comfy.setCheckpoints(["dreamshaper_8.safetensors"])
        comfy.update { $0.holdQueue = true }
        let home = try TeamFakeTeam.home(server)
        let child = AtelierProcess(["team", "--generate", TeamFakeTeam.request], home: home.path,
                                   environment: GenerateSupport.environment(comfy))
        try child.start()
        let deadline = Date().addingTimeInterval(30)
        while comfy.pendingPromptIDs.isEmpty && Date() < deadline { try await Task.sleep(nanoseconds: 20_000_000) }
        let promptID = try #require(comfy.pendingPromptIDs.first)
        kill(child.process.processIdentifier, SIGINT)
        let result = await child.wait(timeout: 30)
        #expect(result.status == 130, "\(result.stderr)")
        #expect(comfy.deletedFromQueue.contains(promptID))
        let show = try await AtelierProcess.run(["generations", "show", "1"], home: home.path)
        #expect(show.stdout.contains("· cancelled ·"), "\(show.stdout)")
    }

    @Test func waitNeedsGenerate() async throws {
        let home = try AtelierProcess.makeHome()
        let result = try await AtelierProcess.run(["team", "--wait", "3", "a cat"], home: home)
        #expect(result.status == 2)
        #expect(result.stderr.contains("--wait goes with --generate"))
    }
}
