import Foundation
import Store
import TestSupport
import Testing

/// `atelier debate` as a person runs it: two models on a loopback fake, one on a server
/// that refuses connections.
@Suite struct DebateVerbTests {
    static let firsts = ["m1": "Answer one: scattering.", "m2": "Answer two: short wavelengths."]

    @Sendable static func answer(_ request: FakeChatRequest) -> String {
        let system = request.system ?? ""
        if system.contains("master model") { return "Synthesis: Rayleigh scattering of short wavelengths." }
        if system.contains("run summary") { return "A and B agreed on scattering; C failed." }
        if request.lastUserText.contains("Other assistants answered") { return "Revised: " + (firsts[request.model] ?? "?") }
        return firsts[request.model] ?? "unscripted"
    }

    static func home(_ server: FakeOpenAIServer) throws -> FakeHome {
        let closed = try FakeHome.closedURL()
        return try FakeHome.make(config: [
            "default_model": "fake:m1",
            "providers": ["ollama": ["base_url": closed]],
            "endpoints": ["fake": ["base_url": server.baseURL, "models": ["m1", "m2"]],
                          "dead": ["base_url": closed + "/v1", "models": ["m1", "m2"]]],
        ])
    }

    @Test func oneFailingModelShowsItsErrorBadgeAndTheCommandSucceeds() async throws {
        let server = try TeamFakeTeam.server(Self.answer)
        defer { server.stop() }
        let home = try Self.home(server)
        let result = try await AtelierProcess.run(["debate", "-m", "fake:m1,fake:m2", "-m", "dead:m1",
                                                   "Why is the sky blue?"], home: home.path, timeout: 30)
        #expect(result.status == 0, "\(result.stderr)")
        let out = result.stdout
        #expect(out.contains("Debate run 1 (session 1) — 3 models, master fake:m1"))
        #expect(out.contains("[A] fake:m1  initial → debate → complete"))
        #expect(out.contains("[B] fake:m2  initial → debate → complete"))
        #expect(out.contains("[C] dead:m1  initial → error  ✗ error at initial: "))
        #expect(out.contains("── Synthesis · fake:m1\nSynthesis: Rayleigh scattering of short wavelengths.\n"))
        #expect(out.contains("── Run summary · fake:m1\nA and B agreed on scattering; C failed."))
        #expect(out.contains("Run 1 · complete · 2 of 3 models answered"))
        #expect(out.contains("  [C] dead:m1  ✗ error"))
        // Status lines come before the synthesis, the summary after it.
        let badge = try #require(out.range(of: "✗ error at initial"))
        let synthesis = try #require(out.range(of: "── Synthesis"))
        let summary = try #require(out.range(of: "── Run summary"))
        #expect(badge.lowerBound < synthesis.lowerBound && synthesis.lowerBound < summary.lowerBound)

        // Reloaded by a new process: the stages, then each model's thread only when asked.
        let show = try await AtelierProcess.run(["runs", "show", "1"], home: home.path)
        #expect(show.status == 0, "\(show.stderr)")
        #expect(show.stdout.contains("Debate run 1 · complete"))
        #expect(show.stdout.contains("[A] fake:m1  complete"))
        #expect(show.stdout.contains("(initial ✓, debate ✓)"))
        #expect(show.stdout.contains("[C] dead:m1  ✗ error"))
        #expect(show.stdout.contains("(initial ✗)"))
        #expect(show.stdout.contains("Synthesis: Rayleigh"))
        #expect(!show.stdout.contains("Revised:"), "threads load only with --threads")
        let threads = try await AtelierProcess.run(["runs", "show", "1", "--threads"], home: home.path)
        #expect(threads.stdout.contains("Revised: Answer one: scattering."))
        #expect(threads.stdout.contains("Revised: Answer two: short wavelengths."))
        let list = try await AtelierProcess.run(["runs", "list", "--json"], home: home.path)
        let rows = jsonLines(list.stdout)
        #expect(rows.count == 1)
        #expect(rows.first?["kind"]?.string == "debate" && rows.first?["succeeded"]?.int == 2 && rows.first?["failed"]?.int == 1)
        // The per-model thread sessions are not listed as sessions.
        let sessions = try await AtelierProcess.run(["sessions", "list", "--json"], home: home.path)
        #expect(jsonLines(sessions.stdout).count == 1)
    }

    @Test func jsonEventsAndEveryModelFailing() async throws {
        let server = try TeamFakeTeam.server(Self.answer)
        defer { server.stop() }
        let home = try Self.home(server)
        let result = try await AtelierProcess.run(["debate", "--json", "-m", "fake:m1,fake:m2", "Why?"],
                                                  home: home.path, timeout: 30)
        #expect(result.status == 0, "\(result.stderr)")
        let events = jsonLines(result.stdout)
        #expect(events.allSatisfy { $0["type"]?.string != nil && $0["run_id"]?.int == 1 })
        let types = events.compactMap { $0["type"]?.string }
        #expect(types.first == "started" && types.last == "finished")
        for type in ["entry", "model_start", "model_delta", "model_done", "run", "synthesis_start", "synthesis_delta",
                     "synthesis_done", "summary_start", "summary_done"] {
            #expect(types.contains(type), "no \(type) event")
        }
        #expect(events.last?["detail"]?["run"]?["status"]?.string == "complete")
        let stages = Set(events.filter { $0["type"]?.string == "model_start" }.compactMap { $0["stage"]?.string })
        #expect(stages == ["initial", "debate"])

        let dead = try await AtelierProcess.run(["debate", "-m", "dead:m1,dead:m2", "Why?"], home: home.path, timeout: 30)
        #expect(dead.status == 4, "\(dead.stderr)")
        #expect(dead.stderr.contains("every model failed"))
        #expect(dead.stdout.contains("[A] dead:m1  initial → error  ✗ error at initial"))

        let one = try await AtelierProcess.run(["debate", "-m", "fake:m1", "Why?"], home: home.path)
        #expect(one.status == 2 && one.stderr.contains("at least two models"))
        let unknown = try await AtelierProcess.run(["debate", "-m", "fake:m1,nosuch:x", "Why?"], home: home.path)
        #expect(unknown.status == 3)
    }
}
