import Core
import Foundation
import Store
import TestSupport
import Testing

/// `atelier chorus` as a person runs it: artists on a loopback fake that requires a key,
/// the key given through the environment as a canary that must never come out.
@Suite struct ChorusVerbTests {
    static let canary = "sk-canary-CHORUS-0123456789abcdef0123"

    @Sendable static func answer(_ request: FakeChatRequest) -> String {
        "===ARTIST STATEMENT===\nSnow as silence (\(request.model)).\n===FINAL IMAGE PROMPT===\nfirst snow, quiet street, \(request.model)"
    }

    /// `fake` needs the canary key; `priced:m1` costs a dollar per 1,000 tokens.
    static func home(_ server: FakeOpenAIServer) throws -> FakeHome {
        let closed = try FakeHome.closedURL()
        return try FakeHome.make(config: [
            "default_model": "fake:m1",
            "providers": ["ollama": ["base_url": closed]],
            "endpoints": ["fake": ["base_url": server.baseURL, "models": ["m1", "m2"], "api_key_env": "FAKE_API_KEY"],
                          "priced": ["base_url": server.baseURL, "models": ["m1"], "api_key_env": "FAKE_API_KEY"]],
            "models": ["priced:m1": ["price_per_1k_input": 1.0, "price_per_1k_output": 1.0]],
        ])
    }

    /// The key, and a ComfyUI address that refuses (whatever listens on the default port):
    /// these groups record their images queued; ChorusPaintTests paints with a fake ComfyUI.
    static let environment = ["FAKE_API_KEY": canary, "COMFYUI_URL": (try? FakeHome.closedURL()) ?? "http://127.0.0.1:9"]

    @Test func aGroupPrintsEachRunAndItsStatsThenExportsWithoutSecrets() async throws {
        let server = try TeamFakeTeam.server(apiKey: Self.canary, Self.answer)
        defer { server.stop() }
        let home = try Self.home(server)
        let result = try await AtelierProcess.run(["chorus", "--artists", "fake:m1,fake:m2", "--version", "v1",
                                                   "First snow in a quiet town"],
                                                  home: home.path, environment: Self.environment, timeout: 30)
        #expect(result.status == 0, "\(result.stderr)")
        let out = result.stdout
        #expect(out.contains("Chorus group 1 (session 1) · prompt v1 · brush sd15-txt2img · 2 artists"))
        #expect(out.contains("[fake-m1] fake:m1  queued"))
        #expect(out.contains("[fake-m1] fake:m1  queued → generating → done · "))
        #expect(out.contains("  statement: Snow as silence (m1)."))
        #expect(out.contains("  image prompt: first snow, quiet street, m2"))
        #expect(out.contains("generation #"))
        #expect(out.contains("Group 1 · complete · 2 done, 0 failed of 2 · "))
        #expect(out.contains(" out tokens · $0.0000 · mean "))

        let export = try await AtelierProcess.run(["chorus", "export", "1"], home: home.path, environment: Self.environment)
        #expect(export.status == 0, "\(export.stderr)")
        let document = try #require(FakeJSON.parse(export.stdout))
        #expect(document["format"]?.string == "atelier.chorus-group/1")
        #expect(document["group"]?["prompt_version"]?.string == "v1" || document["group"]?["promptVersion"]?.string == "v1")
        #expect(document["runs"]?.array?.count == 2)

        let show = try await AtelierProcess.run(["runs", "show", "1"], home: home.path, environment: Self.environment)
        #expect(show.stdout.contains("Chorus group 1 · complete"))
        #expect(show.stdout.contains("[fake-m2] fake:m2  done (brush stage) · attempts 1"))
        #expect(show.stdout.contains("    image prompt: first snow, quiet street, m1"))
        #expect(show.stdout.contains("Stats: 2 done, 0 failed, 0 unfinished of 2"))
        let json = try await AtelierProcess.run(["chorus", "--json", "-a", "fake:m1", "Snow again"],
                                                home: home.path, environment: Self.environment, timeout: 30)
        #expect(json.status == 0, "\(json.stderr)")
        let events = jsonLines(json.stdout)
        let types = events.compactMap { $0["type"]?.string }
        #expect(types.first == "started" && types.last == "finished")
        for type in ["run", "artist_start", "artist_delta", "artist_done", "generation", "stats", "group"] {
            #expect(types.contains(type), "no \(type) event")
        }

        // The key reached the server (it refuses requests without it) and nothing else.
        #expect(server.requests.contains { $0.headers.contains { $0.value.contains(Self.canary) } })
        for output in [result, export, show, json] {
            #expect(!output.stdout.contains(Self.canary) && !output.stderr.contains(Self.canary))
        }
        let database = try Data(contentsOf: URL(fileURLWithPath: home.databasePath))
        #expect(database.range(of: Data(Self.canary.utf8)) == nil)
    }

    @Test func anOverBudgetEstimateIsRefusedWithExit3AndNothingStored() async throws {
        let server = try TeamFakeTeam.server(apiKey: Self.canary, Self.answer)
        defer { server.stop() }
        let home = try Self.home(server)
        let result = try await AtelierProcess.run(["chorus", "--artists", "priced:m1,fake:m1", "--budget", "0.01",
                                                   "First snow"], home: home.path, environment: Self.environment)
        #expect(result.status == 3, "\(result.stderr)")
        #expect(result.stderr.contains("exceeds the budget $0.0100"))
        #expect(result.stderr.contains("priced-m1: "))
        #expect(result.stderr.contains("total: $1."))
        #expect(server.requests.filter { $0.path.hasSuffix("/chat/completions") }.isEmpty)
        let list = try await AtelierProcess.run(["runs", "list", "--json"], home: home.path)
        #expect(list.stdout.isEmpty)
        let bad = try await AtelierProcess.run(["chorus", "-a", "fake:m1", "--budget", "lots", "x"], home: home.path)
        #expect(bad.status == 2)
        let unknown = try await AtelierProcess.run(["chorus", "-a", "no-such-artist", "x"], home: home.path)
        #expect(unknown.status == 3 && unknown.stderr.contains("unknown artist"))
    }

    @Test func aGroupOfAnotherProcessIsCancelledInTheStoreThenRerunAndDeleted() async throws {
        let server = try TeamFakeTeam.server(apiKey: Self.canary, Self.answer)
        defer { server.stop() }
        let home = try Self.home(server)
        // A group left running by another process: two queued artists.
        let store = try Store(path: home.databasePath)
        let artists = ["m1", "m2"].map { Artist(slug: "fake-\($0)", model: ModelRef(provider: "fake", model: $0)) }
        let prompt = "First snow"
        let created = try await store.createChorusGroup(
            title: prompt, promptVersion: "v1", prompt: prompt, promptSHA256: SHA256Hasher.hex(prompt),
            systemPrompt: "Answer with ===ARTIST STATEMENT=== and ===FINAL IMAGE PROMPT===.",
            brush: BrushSettings(workflowID: "sd15-txt2img"), budget: nil, estimatedCost: nil, artists: artists)
        try await store.close()
        let id = String(created.group.id)

        let cancel = try await AtelierProcess.run(["chorus", "cancel", id], home: home.path)
        #expect(cancel.status == 0, "\(cancel.stderr)")
        #expect(cancel.stdout.contains("Chorus group \(id) is cancelled (0 done, 2 failed)"))
        let show = try await AtelierProcess.run(["runs", "show", id], home: home.path)
        #expect(show.stdout.components(separatedBy: "✗ cancelled").count == 3, "\(show.stdout)")

        let rerun = try await AtelierProcess.run(["chorus", "rerun", id], home: home.path, environment: Self.environment,
                                                 timeout: 30)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(rerun.stdout.contains("Group \(id) · complete · 2 done, 0 failed of 2"))
        let nothing = try await AtelierProcess.run(["chorus", "rerun", id], home: home.path)
        #expect(nothing.status == 1 && nothing.stderr.contains("no failed artists"))

        let delete = try await AtelierProcess.run(["chorus", "delete", id], home: home.path)
        #expect(delete.status == 0 && delete.stdout.contains("Deleted chorus group \(id)"))
        let list = try await AtelierProcess.run(["runs", "list", "--json"], home: home.path)
        #expect(list.stdout.isEmpty)
        let missing = try await AtelierProcess.run(["chorus", "export", id], home: home.path)
        #expect(missing.status == 1 && missing.stderr.contains("there is no chorus group \(id)"))
    }
}
