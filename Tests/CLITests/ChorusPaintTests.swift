import Foundation
import TestSupport
import Testing

/// `atelier chorus` painting through ComfyUI: the real binary, artists on a loopback fake,
/// the fake ComfyUI rendering each image prompt with the group's workflow; and the clear
/// path when ComfyUI does not answer.
@Suite struct ChorusPaintTests {
    static func run(_ arguments: [String], home: FakeHome, comfyURL: String) async throws -> AtelierProcess.Result {
        var environment = ChorusVerbTests.environment
        environment["COMFYUI_URL"] = comfyURL
        return try await AtelierProcess.run(arguments, home: home.path, environment: environment, timeout: 60)
    }

    @Test func everyArtistsImagePromptIsRenderedAndTheComparisonListsEachFile() async throws {
        let server = try TeamFakeTeam.server(apiKey: ChorusVerbTests.canary, ChorusVerbTests.answer)
        defer { server.stop() }
        let comfy = try FakeComfyServer()
        let home = try ChorusVerbTests.home(server)
        let result = try await Self.run(["chorus", "--artists", "fake:m1,fake:m2", "--workflow", "probe-modelfree",
                                         "First snow in a quiet town"], home: home, comfyURL: comfy.baseURL)
        #expect(result.status == 0, "\(result.stderr)")
        let out = result.stdout
        let images = try #require(out.range(of: "\nImages (brush probe-modelfree):\n"))
        let stats = try #require(out.range(of: "Group 1 · complete · 2 done"))
        #expect(images.lowerBound < stats.lowerBound, "the comparison comes after every image")
        for slug in ["fake-m1", "fake-m2"] {
            #expect(out.contains("  [\(slug)] generation #"), "\(out)")
        }
        #expect(!out.contains(" failed: "), "\(out)")
        let files = GenerateSupport.files(under: home.path + "/data/generations/1")
        #expect(files.count == 2 && files.allSatisfy { $0.hasSuffix("/image-001.png") }, "\(files)")
        for file in files { #expect(out.contains("    " + home.path + "/data/generations/1/" + file)) }
        #expect(out.components(separatedBy: " complete\n").count == 3, "\(out)")
        // Each artist's own image prompt reached ComfyUI's records (probe workflows keep it on the row).
        #expect(comfy.promptBodies.count == 2)
        let list = try await AtelierProcess.run(["generations", "list"], home: home.path)
        #expect(list.stdout.components(separatedBy: "  complete  ").count == 3, "\(list.stdout)")
        #expect(list.stdout.contains("first snow, quiet street, m1") && list.stdout.contains("first snow, quiet street, m2"))
    }

    @Test func jsonGivesAnImageLinePerArtistBeforeFinished() async throws {
        let server = try TeamFakeTeam.server(apiKey: ChorusVerbTests.canary, ChorusVerbTests.answer)
        defer { server.stop() }
        let comfy = try FakeComfyServer()
        let home = try ChorusVerbTests.home(server)
        let result = try await Self.run(["chorus", "--json", "-a", "fake:m1,fake:m2", "--workflow", "sd15-txt2img", "Snow"],
                                        home: home, comfyURL: comfy.baseURL)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = jsonLines(result.stdout)
        let types = lines.compactMap { $0["type"]?.string }
        #expect(types.last == "finished")
        let images = lines.filter { $0["type"]?.string == "image" }
        #expect(images.count == 2)
        for image in images {
            #expect(image["generation"]?["status"]?.string == "complete")
            #expect(image["files"]?[0]?.string?.hasSuffix("/image-001.png") == true)
        }
        let imageIndex = try #require(types.lastIndex(of: "image"))
        #expect(imageIndex < types.count - 1)
        #expect(lines.last?["detail"]?["runs"]?[0]?["generation_status"]?.string == "complete"
                || lines.last?["detail"]?["runs"]?[0]?["generationStatus"]?.string == "complete", "\(lines.last ?? .null)")
        // The sd15 graph carries each artist's prompt.
        let texts = comfy.promptBodies.compactMap { $0["prompt"]?["6"]?["inputs"]?["text"]?.string }.sorted()
        #expect(texts == ["first snow, quiet street, m1", "first snow, quiet street, m2"])
    }

    @Test func withoutComfyUITheArtistsStillAnswerAndEachImageStaysQueued() async throws {
        let server = try TeamFakeTeam.server(apiKey: ChorusVerbTests.canary, ChorusVerbTests.answer)
        defer { server.stop() }
        let home = try ChorusVerbTests.home(server)
        let closed = try FakeHome.closedURL()
        let result = try await Self.run(["chorus", "-a", "fake:m1,fake:m2", "Snow"], home: home, comfyURL: closed)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("ComfyUI is not reachable at \(closed)"))
        #expect(result.stderr.contains("each image prompt is recorded as a queued generation"))
        #expect(result.stderr.contains("generations 1 2 stay queued") || result.stderr.contains("generations 2 1 stay queued"),
                "\(result.stderr)")
        #expect(result.stdout.contains("Group 1 · complete · 2 done"))
        #expect(result.stdout.components(separatedBy: " queued\n").count >= 3, "\(result.stdout)")
        let show = try await AtelierProcess.run(["generations", "show", "1", "--json"], home: home.path)
        let record = try #require(FakeJSON.parse(show.stdout.trimmingCharacters(in: .newlines)))
        #expect(record["generation"]?["status"]?.string == "queued")
        #expect(record["generation"]?["source_kind"]?.string == "chorus")
    }

    @Test func ctrlCWhileWaitingForTheImagesInterruptsThemOnComfyUIAndExits130() async throws {
        let server = try TeamFakeTeam.server(apiKey: ChorusVerbTests.canary, ChorusVerbTests.answer)
        defer { server.stop() }
        let comfy = try FakeComfyServer()
        comfy.update { $0.holdQueue = true }
        let home = try ChorusVerbTests.home(server)
        var environment = ChorusVerbTests.environment
        environment["COMFYUI_URL"] = comfy.baseURL
        let child = AtelierProcess(["chorus", "-a", "fake:m1,fake:m2", "--workflow", "probe-modelfree", "Snow"], home: home.path,
                                   environment: environment)
        try child.start()
        let deadline = Date().addingTimeInterval(30)
        while comfy.pendingPromptIDs.count < 2 && Date() < deadline { try await Task.sleep(nanoseconds: 20_000_000) }
        #expect(comfy.pendingPromptIDs.count == 2)
        // Give the verb a moment to reach its wait, then interrupt.
        try await Task.sleep(nanoseconds: 300_000_000)
        let pending = comfy.pendingPromptIDs
        kill(child.process.processIdentifier, SIGINT)
        let result = await child.wait(timeout: 30)
        #expect(result.status == 130, "\(result.stderr)")
        #expect(Set(comfy.deletedFromQueue).isSuperset(of: pending), "\(comfy.deletedFromQueue)")
        let list = try await AtelierProcess.run(["generations", "list", "--json"], home: home.path)
        let statuses = list.stdout.split(separator: "\n").compactMap { FakeJSON.parse(String($0))?["status"]?.string }
        #expect(statuses == ["cancelled", "cancelled"], "\(list.stdout)")
    }
}
