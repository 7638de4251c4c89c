@testable import Comfy
import Foundation
import Testing
import TestSupport

/// Several jobs at once on one `GenerationRunner` (one `ComfyClient`): each gets a client id
/// of its own, so each socket hears its own job's progress, as ComfyUI routes events only to
/// the submitting client id's socket.
@Suite struct ConcurrentJobsTests {
    @Test func threeJobsOnOneRunnerEachFollowTheirOwnProgressLive() async throws {
        let fake = try FakeComfyServer()
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let runner = makeRunner(fake, folder)
        let jobs = try (1...3).map { index in
            runner.start(try request("sd15-txt2img", ["prompt": .string("harbour \(index)"), "steps": 4], generation: "c\(index)"))
        }
        let records = await withTaskGroup(of: (Int, JobRecord).self) { group in
            for (index, job) in jobs.enumerated() { group.addTask { (index, await collect(job, within: 60)) } }
            var found: [Int: JobRecord] = [:]
            for await (index, record) in group { found[index] = record }
            return (0..<3).compactMap { found[$0] }
        }
        #expect(records.count == 3)
        for (index, record) in records.enumerated() {
            #expect(record.error == nil, "job \(index): \(String(describing: record.error))")
            #expect(record.progress.map(\.value) == [1, 2, 3, 4], "job \(index) heard its steps live")
            #expect(!record.contains { if case .pollingFallback = $0 { return true } else { return false } }, "job \(index)")
            #expect(record.saved.map(\.relativePath) == ["generations/s1/c\(index + 1)/image-001.png"])
        }
        let ids = fake.promptBodies.compactMap { $0["client_id"]?.string }
        #expect(ids.count == 3 && Set(ids).count == 3, "one client id per job: \(ids)")
        #expect(!ids.contains(runner.client.clientID), "the runner's own id is never used for a job")
    }

    @Test func aClientIdIsOneSocketSoASecondConnectionTakesTheFirstsEvents() async throws {
        // What the per-job id guards against, as ComfyUI (and the fake) behave: the newer
        // socket of an id replaces the older one.
        let fake = try FakeComfyServer()
        let comfy = client(for: fake, clientID: "shared-id")
        let first = try await comfy.openEvents()
        defer { first.close() }
        let second = try await comfy.openEvents()
        defer { second.close() }
        #expect(await fake.waitForWebSocket(clientID: "shared-id"))
        let receipt = try await comfy.submit(try request("probe-modelfree").template.instantiate([:]).prompt)
        let timer = Task {
            try? await Task.sleep(for: .seconds(20))
            if !Task.isCancelled { second.abort() }
        }
        defer { timer.cancel() }
        var heardOnSecond = false
        for try await message in second.messages {
            guard case .text(let text) = message, let event = ComfyServerEvent.decode(text: text) else { continue }
            if event.promptID == receipt.promptID, case .executing(_, nil) = event {
                heardOnSecond = true
                break
            }
        }
        #expect(heardOnSecond)
    }

    @Test func withClientIDKeepsTheServerAndChangesOnlyTheID() {
        let base = ComfyClient(endpoint: ComfyEndpoint("http://127.0.0.1:9"), clientID: "a")
        let other = base.withClientID("b")
        #expect(other.clientID == "b" && base.clientID == "a")
        #expect(other.baseURL == base.baseURL && other.timeouts == base.timeouts)
    }
}
