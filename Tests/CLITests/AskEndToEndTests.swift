import Core
import Foundation
import Store
import TestSupport
import Testing

/// `atelier ask` as a person runs it: the real binary, a loopback OpenAI-compatible fake.
@Suite struct AskEndToEndTests {
    @Test func printsFirstTokensBeforeTheServerSendsTheLastAndSavesTheAnswer() async throws {
        let server = try FakeOpenAIServer(flavour: .llamaCppRecorded)
        let text = "The lighthouse keeper counts the waves, one by one, until dawn."
        // Three pieces, then silence for 3 s, then the rest: the first pieces must be on
        // stdout while the server is still holding the last ones back.
        server.defaultBehaviour = .reply(text, tokens: 12).stalling(afterTokens: 3, for: .seconds(3))
        let home = try FakeHome.make(openAI: server)
        let firstPieces = FakeBehaviour.split(text, into: 12).prefix(3).joined()
        let seenEarly = Flag()
        let child = AtelierProcess(["ask", "a lighthouse"], home: home.path) { output in
            if output.contains(firstPieces) && !output.contains("dawn.") { seenEarly.set() }
        }
        try child.start()
        let result = await child.wait(timeout: 30)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(seenEarly.isSet, "the first pieces were not printed before the stall ended")
        #expect(result.stdout == text, "piped output is byte-exact")

        let show = try await AtelierProcess.run(["sessions", "show", "1", "--json"], home: home.path)
        #expect(show.status == 0)
        let lines = show.stdout.split(separator: "\n").compactMap { FakeJSON.parse(String($0)) }
        let answer = try #require(lines.last)
        #expect(answer["content"]?.string == text)
        #expect(answer["status"]?.string == "complete")
        #expect((answer["usage"]?["output_tokens"]?.int ?? 0) > 0)
        #expect((answer["latency"]?.number ?? 0) >= 3)
        let plain = try await AtelierProcess.run(["sessions", "show", "1"], home: home.path)
        #expect(plain.stdout.contains(text))
        #expect(plain.stdout.contains("fake:m1"))
    }

    @Test func sigkillMidStreamLeavesASoundDatabaseWithThePartialTextInterrupted() async throws {
        let server = try FakeOpenAIServer(flavour: .openAI, models: ["m1"])
        server.defaultBehaviour = .reply("Partial words arrive here and then the rest never comes", tokens: 10)
            .stalling(afterTokens: 4, for: .untilClientLeaves)
        let home = try FakeHome.make(openAI: server)
        let started = Flag()
        let child = AtelierProcess(["ask", "tell me"], home: home.path) { output in
            if output.contains("Partial") { started.set() }
        }
        try child.start()
        #expect(await started.wait(timeout: 15))
        // Let a batch flush (250 ms) happen, then kill without warning.
        try await Task.sleep(nanoseconds: 600_000_000)
        kill(child.process.processIdentifier, SIGKILL)
        let result = await child.wait(timeout: 10)
        #expect(result.signalled)

        let store = try Store(path: home.databasePath)
        #expect(try await store.integrityCheck() == ["ok"])
        #expect(store.recoveredAtOpen == 1)
        let messages = try await store.messages(sessionID: 1)
        let answer = try #require(messages.last)
        #expect(answer.status == .interrupted)
        #expect(answer.content.hasPrefix("Partial"))
        try await store.close()
    }

    @Test func sigintStopsTheAnswerKeepsItAndExits130() async throws {
        let server = try FakeOpenAIServer(flavour: .openAI, models: ["m1"])
        server.defaultBehaviour = .reply("Words before the interruption and more after it", tokens: 8)
            .stalling(afterTokens: 3, for: .untilClientLeaves)
        let home = try FakeHome.make(openAI: server)
        let started = Flag()
        let child = AtelierProcess(["ask", "go"], home: home.path) { output in
            if output.contains("Words") { started.set() }
        }
        try child.start()
        #expect(await started.wait(timeout: 15))
        kill(child.process.processIdentifier, SIGINT)
        let result = await child.wait(timeout: 10)
        #expect(result.status == 130)
        #expect(result.elapsed < 5)
        let store = try Store(path: home.databasePath)
        let answer = try #require(try await store.messages(sessionID: 1).last)
        #expect(answer.status == .interrupted)
        #expect(answer.content.hasPrefix("Words"))
        #expect(store.recoveredAtOpen == 0, "the process committed its own final state")
        try await store.close()
    }

    @Test func noServerFailsFastWithOneLineNamingTheURLAndTheFix() async throws {
        let home = try FakeHome.make(openAI: nil)
        let ask = try await AtelierProcess.run(["ask", "hello"], home: home.path, timeout: 20)
        #expect(ask.status == 4, "\(ask.stderr)")
        #expect(ask.elapsed < 10)
        let lines = ask.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(ask.stderr)")
        #expect(ask.stderr.contains("http://127.0.0.1:"))
        #expect(ask.stderr.contains("make local-model"))

        let doctor = try await AtelierProcess.run(["doctor"], home: home.path, timeout: 20)
        #expect(doctor.status == 4)
        #expect(doctor.elapsed < 10)
        let problems = doctor.stdout.split(separator: "\n").filter { $0.hasPrefix("✗") }
        #expect(problems.count == 2, "\(doctor.stdout)")
        for line in problems {
            #expect(line.contains("http://127.0.0.1:"))
            #expect(line.contains(" — "), "each problem line carries its fix")
        }
    }

    @Test func jsonEventsAndUnknownModel() async throws {
        let server = try FakeOpenAIServer(flavour: .openAI, models: ["m1"])
        server.defaultBehaviour = .reply("one two three", tokens: 3)
        let home = try FakeHome.make(openAI: server)
        let result = try await AtelierProcess.run(["ask", "--json", "count"], home: home.path)
        #expect(result.status == 0)
        let events = result.stdout.split(separator: "\n").compactMap { FakeJSON.parse(String($0)) }
        #expect(events.first?["type"]?.string == "start")
        // What arrives in one read is one delta: the pieces join to the answer, however cut.
        let deltas = events.filter { $0["type"]?.string == "delta" }
        #expect(!deltas.isEmpty && deltas.count <= 3)
        #expect(deltas.compactMap { $0["text"]?.string }.joined() == "one two three")
        #expect(events.last?["type"]?.string == "done")
        #expect(events.last?["tokens_out"]?.int == 3)

        let unknown = try await AtelierProcess.run(["ask", "-m", "nosuch:model", "x"], home: home.path)
        #expect(unknown.status == 3)
        #expect(unknown.stderr.contains("fake: m1"), "the error lists the available models")
    }
}

/// A flag set from another thread and awaited with a time limit.
final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
    func wait(timeout: Double) async -> Bool {
        let start = Date()
        while !isSet && Date().timeIntervalSince(start) < timeout {
            try? await Task.sleep(nanoseconds: 20_000_000)
        }
        return isSet
    }
}
