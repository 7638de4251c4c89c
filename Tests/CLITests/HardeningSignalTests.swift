import Core
import Foundation
import TestSupport
import Testing

/// Suite 1, the signals and the shared file: SIGTERM and SIGHUP commit the partial answer
/// as `interrupted` and exit within 2 s; a stdout closed early (`| head -c 10`) neither
/// kills the process nor loses the answer; several `atelier ask` processes writing to one
/// database at once never see a busy error and lose nothing.
@Suite struct HardeningSignalTests {
    @Test(arguments: [SIGTERM, SIGHUP])
    func terminationSignalsCommitThePartialAnswerAndExitWithinTwoSeconds(signal: Int32) async throws {
        let text = "Words before the signal arrive here and the rest never comes at all"
        let server = try FakeOpenAIServer(flavour: .openAI, models: ["m1"])
        server.defaultBehaviour = .reply(text, tokens: 10).stalling(afterTokens: 4, for: .untilClientLeaves)
        let home = try HardeningHome.make(server)
        defer { home.remove() }
        let sent = FakeBehaviour.split(text, into: 10).prefix(4).joined()
        let started = Flag()
        let child = AtelierProcess(["ask", "go"], home: home.path) { output in
            if output == sent { started.set() }
        }
        try child.start()
        #expect(await started.wait(timeout: 15))
        let signalledAt = ContinuousClock.now
        kill(child.process.processIdentifier, signal)
        while child.process.isRunning && Hardening.seconds(since: signalledAt) < 10 {
            try? await Task.sleep(for: .milliseconds(5))
        }
        let exitAfter = Hardening.seconds(since: signalledAt)
        let result = await child.wait(timeout: 10)
        #expect(exitAfter < 2, "exited \(exitAfter) s after the signal")
        #expect(!result.signalled)
        #expect(result.status == 130, "\(result.stderr)")
        #expect(result.stdout == sent)
        let snapshot = try RawDatabase.snapshot(home.databasePath)
        #expect(snapshot.integrity == ["ok"])
        let answers = snapshot.messages.filter { $0.role == "assistant" }
        #expect(answers.count == 1)
        #expect(answers.first?.status == "interrupted", "committed by the process itself, not by a later recovery")
        #expect(answers.first?.content == Array(sent.utf8))
        Hardening.report("crash/signal-\(signal)", [("exit_after_ms", Int(exitAfter * 1000)), ("status", result.status)])
    }

    @Test func aStdoutClosedEarlyIsIgnoredAndTheAnswerIsStoredWhole() async throws {
        let server = try FakeOpenAIServer(flavour: .openAI, models: ["m1"])
        server.defaultBehaviour = .generated(tokens: 60).paced(tokensPerSecond: 60)
        let home = try HardeningHome.make(server)
        defer { home.remove() }
        let process = Process()
        process.executableURL = AtelierProcess.binary
        process.arguments = ["ask", "pipe me"]
        process.environment = ["ATELIER_HOME": home.path, "PATH": "/usr/bin:/bin", "HOME": home.path, "LANG": "C.UTF-8"]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        let seen = TimelineBox()
        output.fileHandleForReading.readabilityHandler = { handle in
            seen.record(0, handle.availableData.count)
        }
        try process.run()
        // As `| head -c 10`: read ten bytes, then close the reading end.
        let deadline = ContinuousClock.now + .seconds(15)
        while seen.entries.reduce(0, { $0 + $1.1 }) < 10 && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(5))
        }
        output.fileHandleForReading.readabilityHandler = nil
        try output.fileHandleForReading.close()
        while process.isRunning && ContinuousClock.now < deadline + .seconds(15) {
            try? await Task.sleep(for: .milliseconds(10))
        }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        #expect(process.terminationReason == .exit, "killed by signal \(process.terminationStatus)")
        #expect(process.terminationStatus == 0)
        let snapshot = try RawDatabase.snapshot(home.databasePath)
        let answers = snapshot.messages.filter { $0.role == "assistant" }
        #expect(answers.map(\.status) == ["complete"])
        #expect(answers.first?.content == Array(FakeBehaviour.Reply.generatedText(tokens: 60).utf8))
    }

    @Test func fourProcessesWritingToOneDatabaseAtOnceLoseNothing() async throws {
        let rounds = Hardening.trials(fast: 2, full: 10)
        let processes = 4
        let server = try FakeOpenAIServer(flavour: .openAI, models: ["m1"])
        server.defaultBehaviour = .generated(tokens: 40).paced(tokensPerSecond: 80)
        let expected = FakeBehaviour.Reply.generatedText(tokens: 40)
        let home = try HardeningHome.make(server)
        defer { home.remove() }
        var problems: [String] = []
        for round in 0..<rounds {
            // Round 0 starts on a home with no database: the processes create and migrate it together.
            let children = (0..<processes).map { AtelierProcess(["ask", "round \(round) process \($0)"], home: home.path) }
            for child in children { try child.start() }
            for (index, child) in children.enumerated() {
                let result = await child.wait(timeout: 60)
                if result.status != 0 || result.stdout != expected {
                    problems.append("round \(round) process \(index): \(result.status) \(result.stderr)")
                }
                let lowered = result.stderr.lowercased()
                if lowered.contains("busy") || lowered.contains("locked") { problems.append("busy: \(result.stderr)") }
            }
        }
        let snapshot = try RawDatabase.snapshot(home.databasePath)
        #expect(snapshot.integrity == ["ok"])
        #expect(snapshot.sessions.count == rounds * processes)
        for round in 0..<rounds {
            for index in 0..<processes {
                let ids = snapshot.sessions(titled: "round \(round) process \(index)")
                let messages = ids.flatMap { snapshot.messages(inSession: $0) }
                let answers = messages.filter { $0.role == "assistant" }
                if ids.count != 1 || messages.count != 2 || answers.first?.status != "complete"
                    || answers.first?.content != Array(expected.utf8) {
                    problems.append("round \(round) process \(index): \(ids.count) sessions, \(messages.count) messages, \(answers.first?.status ?? "-")")
                }
            }
        }
        #expect(problems.isEmpty, "\(problems.prefix(10))")
        Hardening.report("crash/concurrent-writers", [("rounds", rounds), ("processes", processes),
                                                      ("answers_stored", snapshot.messages.filter { $0.role == "assistant" }.count)])
    }

    @Test func anotherProcessOpeningTheDatabaseMidStreamDoesNotBreakTheWriter() async throws {
        // The database exists (WAL mode) before the writer starts, as on any second run.
        let server = try FakeOpenAIServer(flavour: .openAI, models: ["m1"])
        server.defaultBehaviour = .generated(tokens: 40).paced(tokensPerSecond: 40)
        let home = try HardeningHome.make(server)
        defer { home.remove() }
        let first = try await AtelierProcess.run(["sessions", "list"], home: home.path)
        #expect(first.status == 0)
        let writer = AtelierProcess(["ask", "long answer"], home: home.path)
        try writer.start()
        for _ in 0..<4 {
            try? await Task.sleep(for: .milliseconds(150))
            let reader = try await AtelierProcess.run(["sessions", "list"], home: home.path)
            #expect(reader.status == 0, "\(reader.stderr.prefix(300))")
        }
        let result = await writer.wait(timeout: 30)
        #expect(!result.signalled && result.status == 0, "\(result.stderr.prefix(400))")
        #expect(result.stdout == FakeBehaviour.Reply.generatedText(tokens: 40))
        let snapshot = try RawDatabase.snapshot(home.databasePath)
        #expect(snapshot.integrity == ["ok"])
        #expect(snapshot.messages.filter { $0.role == "assistant" }.map(\.status) == ["complete"])
    }
}
