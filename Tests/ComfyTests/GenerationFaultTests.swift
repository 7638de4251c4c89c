@testable import Comfy
import Foundation
import Testing
import TestSupport

/// Faults while generating: each against the fake ComfyUI over real loopback sockets.
@Suite struct GenerationFaultTests {
    @Test func outOfMemoryRetriesOnceAtALowerResolution() async throws {
        let fake = try FakeComfyServer()
        fake.update { $0.outOfMemoryAbovePixels = 600_000 }
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let record = await collect(makeRunner(fake, folder).start(try request("sd15-txt2img", ["prompt": "x", "steps": 2, "width": 1024, "height": 1024, "seed": 42])))
        #expect(record.error == nil, "\(String(describing: record.error))")
        #expect(record.contains { $0 == .retryingAtLowerResolution(fromWidth: 1024, fromHeight: 1024, toWidth: 768, toHeight: 768) })
        #expect(record.contains { if case .submitted(_, 2) = $0 { return true } else { return false } })
        #expect(record.saved.count == 1)
        let bodies = fake.promptBodies
        #expect(bodies.count == 2)
        #expect(bodies.map { $0["prompt"]?["5"]?["inputs"]?["width"]?.integer } == [1024, 768])
        #expect(bodies.map { $0["prompt"]?["3"]?["inputs"]?["seed"]?.integer } == [42, 42])
    }

    @Test func outOfMemoryTwiceFailsAndSaysSo() async throws {
        let fake = try FakeComfyServer()
        fake.update { $0.outOfMemoryAbovePixels = 100_000 }
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let record = await collect(makeRunner(fake, folder).start(try request("sd15-txt2img", ["prompt": "x", "steps": 2, "width": 1024, "height": 1024])))
        #expect(record.comfyError?.kind == .outOfMemory)
        #expect(record.comfyError?.message.contains("at 768×768 again after the retry at a lower resolution") == true)
        #expect(fake.promptBodies.count == 2)
        fake.update { $0.outOfMemoryNextJobs = 1 }
        let tiny = await collect(makeRunner(fake, folder).start(try request("probe-modelfree")))
        #expect(tiny.comfyError?.kind == .outOfMemory)
        #expect(!tiny.contains { if case .retryingAtLowerResolution = $0 { return true } else { return false } })
    }

    @Test func aMissingModelIsCaughtBeforeSendingOrReportedByTheServer() async throws {
        let fake = try FakeComfyServer()
        fake.setCheckpoints(["other.safetensors"])
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let before = await collect(makeRunner(fake, folder).start(try request("sd15-txt2img", ["prompt": "x"])))
        #expect(before.comfyError?.kind == .missingModel)
        #expect(before.comfyError?.available == ["other.safetensors"])
        #expect(fake.promptBodies.isEmpty)
        var unchecked = try request("sd15-txt2img", ["prompt": "x"])
        unchecked.preflight = false
        let after = await collect(makeRunner(fake, folder).start(unchecked))
        #expect(after.comfyError?.kind == .missingModel && after.comfyError?.status == 400)
        #expect(after.comfyError?.message.contains("available: other.safetensors") == true)
        #expect(after.contains { if case .failed = $0 { return true } else { return false } })
    }

    @Test func socketLossMidJobFallsBackToPolling() async throws {
        let fake = try FakeComfyServer()
        fake.update {
            $0.dropSocketAfterEvents = 6
            $0.stepDelay = 0.01
        }
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let record = await collect(makeRunner(fake, folder).start(try request("sd15-txt2img", ["prompt": "x", "steps": 10])))
        #expect(record.error == nil, "\(String(describing: record.error))")
        #expect(record.contains { if case .pollingFallback(let reason) = $0 { return reason.contains("WebSocket") } else { return false } })
        #expect(record.saved.count == 1)
        #expect(record.progress.count < 10)
    }

    @Test(arguments: [true, false])
    func withoutASocketTheJobIsPolled(refused: Bool) async throws {
        let fake = try FakeComfyServer()
        if refused { fake.update { $0.refuseWebSocket = true } }
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let record = await collect(makeRunner(fake, folder, useWebSocket: refused).start(try request("probe-modelfree")))
        #expect(record.saved.count == 1)
        #expect(record.contains { if case .pollingFallback = $0 { return true } else { return false } } == refused)
    }

    @Test func unreachableThenBackTheJobWaitsQueued() async throws {
        let fake = try FakeComfyServer()
        fake.stop()
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let job = makeRunner(fake, folder).start(try request("probe-modelfree"))
        let waits = Box(0)
        let restarter = Task {
            _ = await eventually { waits.current >= 2 }
            try fake.restart()
        }
        let record = await collect(job) { event in
            if case .waitingForServer = event { waits.update { $0 += 1 } }
        }
        try await restarter.value
        #expect(record.error == nil, "\(String(describing: record.error))")
        let first = try #require(record.events.first)
        guard case .waitingForServer(let message, 1, _) = first else {
            Issue.record("expected waitingForServer first, got \(first)")
            return
        }
        #expect(message.contains(fake.baseURL) && message.contains("COMFYUI_URL"))
        #expect(record.contains { $0 == .serverAvailable })
        #expect(record.saved.count == 1)
        var status = GenerationStatus.queued
        for event in record.events.prefix(2) { status = status.after(event) }
        #expect(status == .queued)
    }

    @Test func cancelWhileWaitingForTheServerEndsAtOnce() async throws {
        let fake = try FakeComfyServer()
        fake.stop()
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let job = makeRunner(fake, folder).start(try request("probe-modelfree"))
        let start = ContinuousClock.now
        let record = await collect(job) { event in
            if case .waitingForServer(_, 2, _) = event { job.cancel() }
        }
        #expect(record.comfyError?.kind == .cancelled)
        // Generous: the point is that a cancelled wait ends instead of waiting forever.
        #expect(ContinuousClock.now - start < .seconds(15))
        #expect(fake.promptBodies.isEmpty && fake.interrupts.isEmpty)
    }

    @Test func aRestartMidJobLosesTheJobAndSaysSo() async throws {
        let fake = try FakeComfyServer()
        fake.update { $0.holdQueue = true }
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let job = makeRunner(fake, folder, useWebSocket: false).start(try request("probe-modelfree"))
        let record = await collect(job) { event in
            if case .queued = event {
                fake.stop()
                try? fake.restart()
            }
        }
        #expect(record.comfyError?.kind == .executionFailed)
        #expect(record.comfyError?.message.contains("it may have restarted") == true)
    }

    @Test(arguments: OutputSaverTests.hostileNames)
    func hostileNamesSaveNothing(name: String) async throws {
        let fake = try FakeComfyServer()
        fake.update { $0.hostileOutputs = [FakeComfyFaults.OutputName(filename: name)] }
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let record = await collect(makeRunner(fake, folder).start(try request("probe-modelfree", generation: "g")))
        #expect(record.comfyError?.kind == .unsafeOutputName)
        #expect(record.contains { if case .outputSkipped = $0 { return true } else { return false } })
        #expect(folder.files().isEmpty)
        #expect(!fake.requests.contains { $0.target.hasPrefix("/view") })
    }

    @Test func hostileSubfoldersSaveNothing() async throws {
        let fake = try FakeComfyServer()
        fake.update { $0.hostileOutputs = OutputSaverTests.hostileSubfolders.map { FakeComfyFaults.OutputName(filename: "ok.png", subfolder: $0) } }
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let record = await collect(makeRunner(fake, folder).start(try request("probe-modelfree")))
        #expect(record.comfyError?.kind == .unsafeOutputName)
        let skipped = record.events.filter { if case .outputSkipped = $0 { return true } else { return false } }
        #expect(skipped.count == OutputSaverTests.hostileSubfolders.count)
        #expect(folder.files().isEmpty)
    }

    @Test(arguments: [FakeComfyFaults.ViewBody.declaredLength(3_000_000), .endless])
    func theDownloadCapHolds(body: FakeComfyFaults.ViewBody) async throws {
        let fake = try FakeComfyServer()
        fake.update { $0.viewBody = body }
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let record = await collect(makeRunner(fake, folder, maxBytes: 1 << 20).start(try request("probe-modelfree")))
        #expect(record.comfyError?.kind == .outputFailed)
        #expect(record.comfyError?.message.contains("1048576") == true)
        #expect(folder.files().isEmpty)
    }
}
