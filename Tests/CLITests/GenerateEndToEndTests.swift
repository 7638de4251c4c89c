import Foundation
import TestSupport
import Testing

/// `atelier generate` and `atelier generations` as a person runs them: the real binary
/// against the fake ComfyUI over loopback (COMFYUI_URL).
@Suite struct GenerateEndToEndTests {
    @Test func theProbeSavesAPrivatePNGAndItsRecordShowsThePath() async throws {
        let fake = try FakeComfyServer()
        let home = try AtelierProcess.makeHome()
        let result = try await AtelierProcess.run(["generate", "-w", "probe-modelfree"], home: home,
                                                  environment: GenerateSupport.environment(fake), timeout: 60)
        #expect(result.status == 0, "\(result.stderr)")
        let path = result.stdout.trimmingCharacters(in: .newlines)
        #expect(path == home + "/data/generations/direct/1/image-001.png")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(Array(bytes.prefix(8)) == GenerateSupport.pngSignature)
        #expect(GenerateSupport.mode(path) == 0o600)
        #expect(GenerateSupport.mode(home + "/data/generations/direct/1") == 0o700)
        #expect(result.stderr.contains("generation 1 queued"))
        #expect(result.stderr.contains("generation 1 running"))
        #expect(!result.stderr.contains("\u{1B}"), "no escape sequences when stderr is not a terminal")
        let sent = try #require(fake.promptBodies.first)
        #expect(sent["prompt"]?["1"]?["inputs"]?["width"]?.integer == 64)

        let show = try await AtelierProcess.run(["generations", "show", "1"], home: home)
        #expect(show.status == 0)
        #expect(show.stdout.contains("generation 1 · complete · workflow probe-modelfree"))
        #expect(show.stdout.contains(path))
        #expect(show.stdout.contains("\(bytes.count) bytes"))
        let list = try await AtelierProcess.run(["generations", "list"], home: home)
        #expect(list.stdout.hasPrefix("#1  complete"))
        let json = try await AtelierProcess.run(["generations", "show", "1", "--json"], home: home)
        let record = try #require(FakeJSON.parse(json.stdout.trimmingCharacters(in: .newlines)))
        #expect(record["generation"]?["status"]?.string == "complete")
        #expect(record["assets"]?[0]?["path"]?.string == path)
        #expect(record["assets"]?[0]?["sha256"]?.string?.count == 64)
        #expect(record["generation"]?["workflow_json"]?.string?.contains("EmptyImage") == true)
    }

    @Test func jsonEventsParseAndEndWithTheOutcome() async throws {
        let fake = try FakeComfyServer()
        let home = try AtelierProcess.makeHome()
        let result = try await AtelierProcess.run(["generate", "-w", "sd15-txt2img", "--set", "steps=3", "--json", "a quiet harbour"],
                                                  home: home, environment: GenerateSupport.environment(fake), timeout: 60)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        let events = lines.compactMap(FakeJSON.parse)
        #expect(events.count == lines.count && !events.isEmpty)
        #expect(events.allSatisfy { $0["generation_id"]?.int == 1 })
        #expect(events.first?["event"]?.string == "status" && events.first?["status"]?.string == "queued")
        let kinds = events.compactMap { $0["event"]?.string }
        for kind in ["submitted", "started", "progress", "saved", "finished"] { #expect(kinds.contains(kind), "\(kind)") }
        let saved = try #require(events.first { $0["event"]?.string == "saved" })
        #expect(saved["path"]?.string?.hasSuffix("/generations/direct/1/image-001.png") == true)
        let last = try #require(events.last)
        #expect(last["event"]?.string == "finished" && last["status"]?.string == "complete" && last["exit_code"]?.int == 0)
        #expect(fake.promptBodies.first?["prompt"]?["6"]?["inputs"]?["text"]?.string == "a quiet harbour")
    }

    @Test func aHostileFileNameFromComfyUISavesNothingOutsideTheGenerationFolder() async throws {
        let fake = try FakeComfyServer()
        fake.update { $0.hostileOutputs = [FakeComfyFaults.OutputName(filename: "../../../escaped.png")] }
        let home = try AtelierProcess.makeHome()
        let result = try await AtelierProcess.run(["generate", "-w", "probe-modelfree"], home: home,
                                                  environment: GenerateSupport.environment(fake), timeout: 60)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("an output was not saved"))
        let files = GenerateSupport.files(under: home)
        #expect(files.allSatisfy { $0.hasPrefix("data/atelier.db") }, "\(files)")
        let parent = (home as NSString).deletingLastPathComponent
        #expect(!FileManager.default.fileExists(atPath: parent + "/escaped.png"))
    }

    @Test func exitCodesSayWhatWentWrong() async throws {
        let fake = try FakeComfyServer()
        fake.setCheckpoints(["other.safetensors"])
        let home = try AtelierProcess.makeHome()
        let env = GenerateSupport.environment(fake)
        let missing = try await AtelierProcess.run(["generate", "-w", "sd15-txt2img", "x"], home: home, environment: env, timeout: 60)
        #expect(missing.status == 3, "\(missing.stderr)")
        #expect(missing.stderr.contains("v1-5-pruned-emaonly.safetensors") && missing.stderr.contains("other.safetensors"))
        let closed = "http://127.0.0.1:\(try FakeHome.closedPort())"
        let down = try await AtelierProcess.run(["generate", "-w", "probe-modelfree"], home: home, environment: ["COMFYUI_URL": closed])
        #expect(down.status == 4)
        #expect(down.stderr.contains(closed) && down.stderr.contains("COMFYUI_URL"))
        let unknown = try await AtelierProcess.run(["generate", "-w", "nope", "x"], home: home, environment: env)
        #expect(unknown.status == 2 && unknown.stderr.contains("probe-modelfree"))
        let badSet = try await AtelierProcess.run(["generate", "-w", "probe-modelfree", "--set", "steps=3"], home: home, environment: env)
        #expect(badSet.status == 2 && badSet.stderr.contains("steps"))
        let noPrompt = try await AtelierProcess.run(["generate", "-w", "sd15-txt2img"], home: home, environment: env)
        #expect(noPrompt.status == 2)
        let list = try await AtelierProcess.run(["generations", "list", "--json"], home: home)
        let statuses = list.stdout.split(separator: "\n").compactMap { FakeJSON.parse(String($0))?["status"]?.string }
        #expect(statuses == ["failed", "failed"])
    }

    @Test func ctrlCWhileQueuedDequeuesTheJobOnComfyUIAndExits130() async throws {
        let fake = try FakeComfyServer()
        fake.update { $0.holdQueue = true }
        let home = try AtelierProcess.makeHome()
        let child = AtelierProcess(["generate", "-w", "probe-modelfree"], home: home, environment: GenerateSupport.environment(fake))
        try child.start()
        let deadline = Date().addingTimeInterval(30)
        while fake.pendingPromptIDs.isEmpty && Date() < deadline { try await Task.sleep(nanoseconds: 20_000_000) }
        let promptID = try #require(fake.pendingPromptIDs.first)
        kill(child.process.processIdentifier, SIGINT)
        let result = await child.wait(timeout: 30)
        #expect(result.status == 130, "\(result.stderr)")
        // Only dequeued: an interrupt would stop whatever runs on servers that ignore its prompt_id.
        #expect(fake.interrupts.isEmpty)
        #expect(fake.deletedFromQueue.contains(promptID))
        let show = try await AtelierProcess.run(["generations", "show", "1"], home: home)
        #expect(show.stdout.contains("· cancelled ·"))
    }

    @Test func aRecordedGenerationCanBeEditedThenSent() async throws {
        let fake = try FakeComfyServer()
        let home = try AtelierProcess.makeHome()
        let env = GenerateSupport.environment(fake)
        let recorded = try await AtelierProcess.run(["generate", "-w", "sd15-txt2img", "--no-send", "--set", "steps=2", "a cat"],
                                                    home: home, environment: env)
        #expect(recorded.status == 0, "\(recorded.stderr)")
        #expect(recorded.stdout.contains("generation 1 · pending"))
        #expect(fake.promptBodies.isEmpty)
        let edited = try await AtelierProcess.run(["generations", "edit", "1", "--prompt", "a dog"], home: home)
        #expect(edited.status == 0 && edited.stdout.contains("prompt: a dog"))
        let sent = try await AtelierProcess.run(["generations", "send", "1"], home: home, environment: env, timeout: 60)
        #expect(sent.status == 0, "\(sent.stderr)")
        #expect(sent.stdout.hasSuffix("/generations/direct/1/image-001.png\n"))
        #expect(fake.promptBodies.first?["prompt"]?["6"]?["inputs"]?["text"]?.string == "a dog")
        #expect(fake.promptBodies.first?["prompt"]?["3"]?["inputs"]?["steps"]?.integer == 2)
        let late = try await AtelierProcess.run(["generations", "edit", "1", "--prompt", "too late"], home: home)
        #expect(late.status == 1 && late.stderr.contains("complete"))
    }
}
