import Foundation
import Store
import TestSupport
import Testing

/// `atelier generations resume` as a person runs it after an Atelier stopped mid-job: the
/// real binary against the fake ComfyUI over loopback (COMFYUI_URL).
@Suite struct GenerationsResumeTests {
    /// Records generation 1 (the probe) as if a process had sent it under `promptID` and
    /// stopped while it ran.
    func leaveRunning(home: String, promptID: String, environment: [String: String]) async throws {
        let recorded = try await AtelierProcess.run(["generate", "-w", "probe-modelfree", "--no-send"], home: home,
                                                    environment: environment)
        #expect(recorded.status == 0, "\(recorded.stderr)")
        let store = try Store(path: home + "/data/atelier.db")
        try await store.recordGenerationSubmission(id: 1, promptID: promptID)
        try await store.markGenerationRunning(id: 1, progress: 0.5)
        try await store.close()
    }

    func probeGraph() throws -> FakeComfyJSON {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: GenerateSupport.workflowsDirectory + "/probe-modelfree.api.json"))
        return try #require(FakeComfyJSON.parse(Array(bytes)))
    }

    @Test func aJobTheServerFinishedIsSavedAndMarkedComplete() async throws {
        let fake = try FakeComfyServer()
        let env = GenerateSupport.environment(fake)
        let home = try AtelierProcess.makeHome()
        let promptID = fake.enqueue(prompt: try probeGraph(), clientID: "a-stopped-atelier")
        let deadline = Date().addingTimeInterval(30)
        while fake.history(promptID) == nil && Date() < deadline { try await Task.sleep(nanoseconds: 20_000_000) }
        #expect(fake.history(promptID) != nil)
        try await leaveRunning(home: home, promptID: promptID, environment: env)

        let list = try await AtelierProcess.run(["generations", "list"], home: home)
        #expect(list.stdout.hasPrefix("#1  running"))
        #expect(list.stderr.contains("`atelier generations resume 1`"), "\(list.stderr)")
        let show = try await AtelierProcess.run(["generations", "show", "1"], home: home)
        #expect(show.stderr.contains("generations resume 1"))

        let resumed = try await AtelierProcess.run(["generations", "resume", "1"], home: home, environment: env, timeout: 60)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stderr.contains("resuming generation 1: asking ComfyUI about job \(promptID)"))
        let path = resumed.stdout.trimmingCharacters(in: .newlines)
        #expect(path == home + "/data/generations/direct/1/image-001.png")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(Array(bytes.prefix(8)) == GenerateSupport.pngSignature)
        #expect(GenerateSupport.mode(path) == 0o600)
        #expect(GenerateSupport.mode(home + "/data/generations/direct/1") == 0o700)
        #expect(GenerateSupport.files(under: home + "/data/generations") == ["direct/1/image-001.png"], "no lock file is left")
        #expect(fake.promptBodies.isEmpty, "nothing was sent again")

        let after = try await AtelierProcess.run(["generations", "show", "1"], home: home)
        #expect(after.stdout.contains("generation 1 · complete"))
        #expect(after.stdout.contains(path))
        #expect(after.stdout.contains("note: resumed: following ComfyUI job \(promptID) again"))
        #expect(!after.stderr.contains("resume"))
        let again = try await AtelierProcess.run(["generations", "resume", "1"], home: home, environment: env)
        #expect(again.status == 1 && again.stderr.contains("complete, not left running or queued"), "\(again.stderr)")
    }

    @Test func aJobTheServerForgotIsMarkedFailed() async throws {
        let fake = try FakeComfyServer()
        let env = GenerateSupport.environment(fake)
        let home = try AtelierProcess.makeHome()
        try await leaveRunning(home: home, promptID: "lost-in-a-restart", environment: env)
        let resumed = try await AtelierProcess.run(["generations", "resume", "1"], home: home, environment: env, timeout: 60)
        #expect(resumed.status == 1, "\(resumed.stderr)")
        #expect(resumed.stderr.contains("does not know job lost-in-a-restart"))
        let show = try await AtelierProcess.run(["generations", "show", "1"], home: home)
        #expect(show.stdout.contains("generation 1 · failed"))
    }

    @Test func aGenerationAnotherProcessFollowsIsNotResumed() async throws {
        let fake = try FakeComfyServer()
        fake.update { $0.silenceJobs = true }
        let env = GenerateSupport.environment(fake)
        let home = try AtelierProcess.makeHome()
        let child = AtelierProcess(["generate", "-w", "probe-modelfree"], home: home, environment: env)
        try child.start()
        let deadline = Date().addingTimeInterval(30)
        while fake.runningPromptID == nil && Date() < deadline { try await Task.sleep(nanoseconds: 20_000_000) }
        #expect(fake.runningPromptID != nil)

        let list = try await AtelierProcess.run(["generations", "list"], home: home)
        #expect(!list.stderr.contains("resume"), "\(list.stderr)")
        let resumed = try await AtelierProcess.run(["generations", "resume", "1"], home: home, environment: env, timeout: 60)
        #expect(resumed.status == 1)
        #expect(resumed.stderr.contains("being followed by another atelier process"), "\(resumed.stderr)")

        kill(child.process.processIdentifier, SIGINT)
        let result = await child.wait(timeout: 30)
        #expect(result.status == 130, "\(result.stderr)")
    }
}
