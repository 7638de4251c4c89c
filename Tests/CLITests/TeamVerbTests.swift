import Foundation
import TestSupport
import Testing

/// `atelier team` as a person runs it: the real binary against a loopback fake that plays
/// the five specialists.
@Suite struct TeamVerbTests {
    @Test func aSessionReachesReadyPrintsTheSpecAndReloadsAfterTheProcessEnded() async throws {
        let server = try TeamFakeTeam.server()
        defer { server.stop() }
        let home = try TeamFakeTeam.home(server)
        let result = try await AtelierProcess.run(["team", TeamFakeTeam.request], home: home.path, timeout: 20)
        #expect(result.status == 0, "\(result.stderr)")
        let out = result.stdout
        #expect(out.contains("Team session 1 — Luna: fake:m1, Frame: fake:m1, Saga: fake:m1, Pixel: fake:m1, Lens: fake:m2"))
        for marker in ["== ideation ==", "── Luna (style) · fake:m1", TeamFakeTeam.ideas["Saga"] ?? "-",
                       "== refinement · round 1 ==", "── Atelier", "The team agrees", "== synthesis ==",
                       "spec v1 (from Pixel): 768×512", "── Lens (quality critic) · fake:m2", "✓ Lens approved spec v1",
                       "== ready: spec v1 (approved) ==", "Session 1. To change it: atelier team --continue 1"] {
            #expect(out.contains(marker), "missing \(marker)")
        }
        // The phases come in order, each speaker's header before its text.
        let order = ["== ideation ==", "── Luna", "── Frame", "── Saga", "== refinement", "== synthesis ==", "── Pixel",
                     "== review ==", "── Lens", "== ready"]
        let positions = order.compactMap { out.range(of: $0)?.lowerBound }
        #expect(positions.count == order.count && positions == positions.sorted(), "\(out)")
        // The approved spec as a JSON block.
        let block = try #require(out.range(of: "Spec v1 (approved):\n").map { String(out[$0.upperBound...]) })
        let json = try #require(block.range(of: "\n}\n").map { String(block[..<$0.upperBound]) })
        let spec = try #require(FakeJSON.parse(json))
        #expect(spec["sampler"]?.string == "dpmpp_2m" && spec["steps"]?.int == 28 && spec["width"]?.int == 768)

        // A new process reads it back from the database.
        let list = try await AtelierProcess.run(["runs", "list"], home: home.path)
        #expect(list.status == 0)
        #expect(list.stdout.contains("team:1") && list.stdout.contains("ready") && list.stdout.contains("spec v1"))
        let show = try await AtelierProcess.run(["runs", "show", "team:1"], home: home.path)
        #expect(show.status == 0, "\(show.stderr)")
        #expect(show.stdout.contains("Team session 1 · ready · phase ready"))
        #expect(show.stdout.contains("Stages: ideation → refinement 1 → synthesis → review → ready"))
        #expect(show.stdout.contains("Spec v1 (model, approved): 768×512"))
        #expect(show.stdout.contains(TeamFakeTeam.ideas["Frame"] ?? "-"))
        #expect(show.stdout.contains("\"sampler\" : \"dpmpp_2m\""))
        // A bare number that names no run is the team session.
        let bare = try await AtelierProcess.run(["runs", "show", "1", "--json"], home: home.path)
        let lines = jsonLines(bare.stdout)
        #expect(lines.first?["type"]?.string == "team")
        #expect(lines.first?["team"]?["record"]?["status"]?.string == "ready")
        #expect(lines.dropFirst().allSatisfy { $0["type"]?.string == "message" } && lines.count > 8)
    }

    @Test func linesTypedOnStdinWhileLunaSpeaksAreAnsweredInOrderAtTheNextTurn() async throws {
        let server = try TeamFakeTeam.server()
        defer { server.stop() }
        // Luna's first take streams slowly, so there is time to type during it.
        server.enqueue(FakeBehaviour.responder(TeamFakeTeam.answer).paced(tokensPerSecond: 8))
        let home = try TeamFakeTeam.home(server)
        let lunaSpeaks = Flag()
        let child = AtelierProcess(["team", TeamFakeTeam.request], home: home.path, stdinPipe: true) { output in
            if output.contains("── Luna (style) · fake:m1\nDeep") { lunaSpeaks.set() }
        }
        try child.start()
        #expect(await lunaSpeaks.wait(timeout: 10))
        let typed = ["Luna, more rain please", "Frame, go wider", "Saga, a little hope"]
        for line in typed { child.type(line) }
        let result = await child.wait(timeout: 20)
        child.closeStdin()
        #expect(result.status == 0, "\(result.stderr)")
        let out = result.stdout
        let lunaIdea = try #require(out.range(of: "Blade Runner palette."))
        let frameIdea = try #require(out.range(of: TeamFakeTeam.ideas["Frame"] ?? "-"))
        var previous = lunaIdea.upperBound
        for (text, name) in zip(typed, ["Luna", "Frame", "Saga"]) {
            // Shown when Luna's turn ends (not cutting her text), answered in order, before Frame's first take.
            let received = try #require(out.range(of: "── you (interjection: answered after this turn)\n" + text))
            let answer = try #require(out.range(of: "\(name) hears you (\(text)); I fold that in."))
            #expect(previous < received.lowerBound && received.lowerBound < answer.lowerBound)
            #expect(answer.lowerBound < frameIdea.lowerBound)
            previous = received.lowerBound
        }
        #expect(out.contains("(answering you: Frame)"))
        #expect(out.contains("== ready: spec v1"))
    }

    @Test func jsonEventsParseOneObjectPerLine() async throws {
        let server = try TeamFakeTeam.server()
        defer { server.stop() }
        let home = try TeamFakeTeam.home(server)
        let result = try await AtelierProcess.run(["team", "--json", TeamFakeTeam.request], home: home.path, timeout: 20)
        #expect(result.status == 0, "\(result.stderr)")
        let events = jsonLines(result.stdout)
        #expect(!events.isEmpty && events.allSatisfy { $0["type"]?.string != nil && $0["session_id"]?.int == 1 })
        let types = events.compactMap { $0["type"]?.string }
        #expect(types.first == "session" && types.last == "end")
        for type in ["user_message", "phase", "speaker_prompted", "turn_start", "turn_delta", "turn_done", "note",
                     "consensus", "spec_proposed", "review_approved", "ready", "status"] {
            #expect(types.contains(type), "no \(type) event")
        }
        let phases = events.filter { $0["type"]?.string == "phase" }.compactMap { $0["phase"]?.string }
        #expect(phases == ["ideation", "refinement", "synthesis", "review", "ready"])
        let starts = events.filter { $0["type"]?.string == "turn_start" }
        #expect(starts.first?["role"]?.string == "luna" && starts.first?["model"]?.string == "fake:m1")
        let deltas = events.filter { $0["type"]?.string == "turn_delta" && $0["role"]?.string == "luna" }
            .compactMap { $0["text"]?.string }.joined()
        #expect(deltas.contains(TeamFakeTeam.ideas["Luna"] ?? "-"))
        let end = try #require(events.last)
        #expect(end["status"]?.string == "ready")
        #expect(end["spec"]?["spec"]?["sampler"]?.string == "dpmpp_2m")
        #expect(end["spec"]?["review"]?.string == "approved")
    }

    @Test func aQuestionWithStdinClosedExitsWithTheWayToContinueAndContinueFinishes() async throws {
        let server = try TeamFakeTeam.server()
        defer { server.stop() }
        let home = try TeamFakeTeam.home(server)
        let asked = try await AtelierProcess.run(["team", "hi"], home: home.path, timeout: 20)
        #expect(asked.status == 1)
        #expect(asked.stdout.contains(TeamFakeTeam.questions))
        #expect(asked.stderr.contains("the team is waiting for your answer (session 1)"))
        #expect(asked.stderr.contains("atelier team --continue 1 \"your answer\""))

        let show = try await AtelierProcess.run(["runs", "show", "team:1"], home: home.path)
        #expect(show.stdout.contains("awaiting_clarification"))

        let continued = try await AtelierProcess.run(["team", "--continue", "1", "a lighthouse in a storm at dusk"],
                                                     home: home.path, timeout: 20)
        #expect(continued.status == 0, "\(continued.stderr)")
        #expect(continued.stdout.contains("── you\na lighthouse in a storm at dusk"))
        #expect(continued.stdout.contains("== ready: spec v1"))
        // Continuing a ready session with nothing to say prints its spec and stops.
        let again = try await AtelierProcess.run(["team", "--continue", "1"], home: home.path, timeout: 20)
        #expect(again.status == 0)
        #expect(again.stdout.contains("Spec v1 (approved):"))
    }

    @Test func withStdinOpenTheNextLineAnswersTheQuestions() async throws {
        let server = try TeamFakeTeam.server()
        defer { server.stop() }
        let home = try TeamFakeTeam.home(server)
        let asked = Flag()
        let child = AtelierProcess(["team", "--json", "hi"], home: home.path, stdinPipe: true) { output in
            if output.contains("\"type\":\"clarifying_questions\"") { asked.set() }
        }
        try child.start()
        #expect(await asked.wait(timeout: 10))
        child.type("a lighthouse in a storm at dusk")
        let result = await child.wait(timeout: 20)
        child.closeStdin()
        #expect(result.status == 0, "\(result.stderr)")
        let events = jsonLines(result.stdout)
        let replies = events.filter { $0["type"]?.string == "user_message" }.compactMap { $0["message"]?["content"]?.string }
        #expect(replies == ["hi", "a lighthouse in a storm at dusk"])
        let statuses = events.filter { $0["type"]?.string == "status" }.compactMap { $0["status"]?.string }
        #expect(statuses == ["running", "awaiting_clarification", "running", "ready"])
        #expect(events.last?["status"]?.string == "ready")
    }

    @Test func usageErrorsAndAnUnknownModel() async throws {
        let server = try TeamFakeTeam.server()
        defer { server.stop() }
        let home = try TeamFakeTeam.home(server)
        let none = try await AtelierProcess.run(["team"], home: home.path)
        #expect(none.status == 2 && none.stderr.contains("atelier team --help"))
        let role = try await AtelierProcess.run(["team", "--role", "boss=fake:m1", "x"], home: home.path)
        #expect(role.status == 2 && role.stderr.contains("unknown role"))
        let model = try await AtelierProcess.run(["team", "-m", "nosuch:model", "x"], home: home.path)
        #expect(model.status == 3, "\(model.stderr)")
        let help = try await AtelierProcess.run(["team", "--help"], home: home.path)
        #expect(help.status == 0 && help.stdout.hasPrefix("Usage: atelier team"))
    }

    @Test func sigintCancelsTheSessionKeepsThePartialTextAndExits130() async throws {
        let server = try TeamFakeTeam.server()
        defer { server.stop() }
        server.enqueue(FakeBehaviour.reply("Deep teal shadows and amber neon").paced(tokensPerSecond: 20).endless())
        let home = try TeamFakeTeam.home(server)
        let speaking = Flag()
        let child = AtelierProcess(["team", TeamFakeTeam.request], home: home.path) { output in
            if output.contains("── Luna (style) · fake:m1\nDeep teal") { speaking.set() }
        }
        try child.start()
        #expect(await speaking.wait(timeout: 10))
        kill(child.process.processIdentifier, SIGINT)
        let result = await child.wait(timeout: 10)
        #expect(result.status == 130, "\(result.stderr)")
        #expect(result.stdout.contains("(the session was cancelled; what was said is kept)"))
        let show = try await AtelierProcess.run(["runs", "show", "team:1"], home: home.path)
        #expect(show.stdout.contains("Team session 1 · cancelled"))
        #expect(show.stdout.contains("── Luna · fake:m1 · interrupted"))
        #expect(show.stdout.contains("── Luna · fake:m1 · interrupted\nDeep teal"))
    }
}
