@testable import Comfy
import Foundation
import Testing
import TestSupport

/// `GenerationRunner.resume`: picking up a job another (gone) client submitted, against the
/// fake ComfyUI over loopback.
@Suite struct JobResumeTests {
    /// The probe's API graph, as sent.
    func probeGraph() throws -> (JSONValue, FakeComfyJSON) {
        let prompt = try request("probe-modelfree").template.instantiate([:]).prompt
        return (prompt, try #require(FakeComfyJSON.parse(Array(prompt.text.utf8))))
    }

    @Test func aFinishedJobIsSavedFromHistory() async throws {
        let fake = try FakeComfyServer()
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let (graph, fakeGraph) = try probeGraph()
        let promptID = fake.enqueue(prompt: fakeGraph, clientID: "gone-client")
        #expect(await eventually(within: 20) { fake.history(promptID) != nil })
        let runner = makeRunner(fake, folder)
        let record = await collect(runner.resume(promptID: promptID, graph: graph, session: "direct", generation: "7"), within: 60)
        #expect(record.error == nil, "\(String(describing: record.error))")
        let saved = try #require(record.saved.first)
        #expect(saved.path == folder.path + "/generations/direct/7/image-001.png")
        #expect(FileManager.default.fileExists(atPath: saved.path))
        #expect(!record.contains { if case .submitted = $0 { return true } else { return false } })
        #expect(fake.promptBodies.isEmpty, "nothing is sent again")
        // Resuming again never overwrites: the next free name is taken.
        let again = await collect(runner.resume(promptID: promptID, graph: graph, session: "direct", generation: "7"), within: 60)
        #expect(again.saved.first?.path == folder.path + "/generations/direct/7/image-002.png")
    }

    @Test func aRunningJobIsFollowedLiveOnItsOwnClientsSocket() async throws {
        let fake = try FakeComfyServer()
        fake.update { $0.silenceJobs = true }
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let (graph, fakeGraph) = try probeGraph()
        let promptID = fake.enqueue(prompt: fakeGraph, clientID: "gone-client")
        #expect(await eventually(within: 20) { fake.runningPromptID == promptID })
        let job = makeRunner(fake, folder).resume(promptID: promptID, graph: graph, session: "s", generation: "g")
        let collecting = Task { await collect(job, within: 60) }
        #expect(await fake.waitForWebSocket(clientID: "gone-client", timeout: 20))
        fake.update { $0.silenceJobs = false }
        let record = await collecting.value
        #expect(record.error == nil, "\(String(describing: record.error))")
        #expect(record.saved.count == 1)
        #expect(record.contains { if case .nodeStarted = $0 { return true } else { return false } }, "live events came on the socket")
    }

    @Test func aQueuedJobWithoutAClientIsPolled() async throws {
        let fake = try FakeComfyServer()
        fake.update { $0.holdQueue = true }
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let (graph, fakeGraph) = try probeGraph()
        let promptID = fake.enqueue(prompt: fakeGraph)
        let job = makeRunner(fake, folder).resume(promptID: promptID, graph: graph, session: "s", generation: "g")
        let collecting = Task { await collect(job, within: 60) }
        #expect(await eventually(within: 20) { fake.requests.contains { $0.target.hasSuffix("/queue") } })
        fake.update { $0.holdQueue = false }
        let record = await collecting.value
        #expect(record.error == nil, "\(String(describing: record.error))")
        #expect(record.saved.count == 1)
        #expect(record.contains { if case .pollingFallback = $0 { return true } else { return false } })
    }

    @Test func anUnknownJobFailsWithAClearMessage() async throws {
        let fake = try FakeComfyServer()
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let record = await collect(makeRunner(fake, folder).resume(promptID: "no-such-prompt", graph: nil, session: "s", generation: "g"),
                                   within: 60)
        let error = try #require(record.comfyError)
        #expect(error.kind == .executionFailed)
        #expect(error.message.contains("does not know job no-such-prompt"))
        #expect(record.saved.isEmpty)
    }
}
