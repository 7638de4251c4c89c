@testable import Comfy
import Foundation
import Testing
import TestSupport

@Suite struct GenerationRunnerTests {
    func runner(_ fake: FakeComfyServer, _ folder: TemporaryFolder, useWebSocket: Bool = true, maxBytes: Int = 512 << 20) -> GenerationRunner {
        GenerationRunner(client: client(for: fake), saver: OutputSaver(dataDirectory: folder.path, maxBytes: maxBytes),
                         options: testRunnerOptions(useWebSocket: useWebSocket))
    }

    @Test func aJobFromSubmitToSavedFileWithProgressForEveryStep() async throws {
        let fake = try FakeComfyServer()
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let job = runner(fake, folder).start(try request("sd15-txt2img", ["prompt": "a lighthouse", "steps": 7], generation: "g1"))
        let record = await collect(job)
        #expect(record.error == nil, "\(String(describing: record.error))")
        #expect(record.progress.map(\.value) == [1, 2, 3, 4, 5, 6, 7])
        #expect(record.progress.allSatisfy { $0.max == 7 && $0.node == "3" })
        let started = record.events.compactMap { if case .nodeStarted(let node, let type) = $0 { return "\(node):\(type ?? "")" } else { return nil } }
        #expect(Set(started) == ["3:KSampler", "4:CheckpointLoaderSimple", "5:EmptyLatentImage", "6:CLIPTextEncode", "7:CLIPTextEncode",
                                 "8:VAEDecode", "9:SaveImage"])
        #expect(record.contains { if case .started = $0 { return true } else { return false } })
        #expect(record.contains { if case .succeeded = $0 { return true } else { return false } })
        #expect(!record.contains { if case .pollingFallback = $0 { return true } else { return false } })
        guard case .completed(let outputs)? = record.events.last else {
            Issue.record("the last event is not completed: \(String(describing: record.events.last))")
            return
        }
        let saved = try #require(outputs.first)
        #expect(saved.relativePath == "generations/s1/g1/image-001.png")
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: saved.path)))
        #expect(SHA256.hex(bytes) == saved.sha256 && Int64(bytes.count) == saved.bytes)
        let png = PNGChecker.check(bytes)
        #expect(png.problems.isEmpty)
        #expect(png.text["atelier"]?.contains("sd15-txt2img") == true)
        #expect(png.text["prompt"]?.contains("a lighthouse") == true)
        guard case .prepared(let workflow)? = record.events.first(where: { if case .prepared = $0 { return true } else { return false } }),
              case .submitted(let promptID, 1)? = record.events.first(where: { if case .submitted = $0 { return true } else { return false } }) else {
            Issue.record("no prepared/submitted events")
            return
        }
        #expect(fake.promptBodies.last?["prompt_id"]?.string == promptID)
        #expect(workflow.parameters["steps"] == .int(7))
        var status = GenerationStatus.queued
        for event in record.events { status = status.after(event) }
        #expect(status == .complete)
    }

    @Test func audioAndVideoWorkflowsSaveTheirFiles() async throws {
        let fake = try FakeComfyServer()
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let audio = await collect(runner(fake, folder).start(try request("stable-audio-txt2audio", ["prompt": "rain", "steps": 3])))
        #expect(audio.saved.map(\.name) == ["audio-001.wav"])
        #expect(audio.saved.first?.mediaType == .audio)
        let video = await collect(runner(fake, folder).start(try request("ltxv-txt2video", ["prompt": "waves", "steps": 4])))
        #expect(video.error == nil, "\(String(describing: video.error))")
        #expect(video.saved.map(\.name) == ["video-001.mp4"])
        #expect(video.saved.first?.mediaType == .video)
        #expect(video.progress.map(\.value) == [1, 2, 3, 4] && video.progress.first?.node == "9")
    }

    @Test func imageToImageUploadsItsInput() async throws {
        let fake = try FakeComfyServer()
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        var job = try request("sd15-img2img", ["prompt": "as an oil painting", "steps": 2])
        job.inputImage = PNGEncoder.solid(width: 8, height: 8, color: 0xFF0000)
        let record = await collect(runner(fake, folder).start(job))
        #expect(record.saved.count == 1)
        let image = fake.promptBodies.last?["prompt"]?["1"]?["inputs"]?["image"]?.string
        #expect(image?.hasPrefix("atelier-") == true)
        #expect(FileManager.default.fileExists(atPath: fake.outputDirectory + "/input/" + (image ?? "?")))
    }

    @Test func cancelInterruptsTheRunningJob() async throws {
        let fake = try FakeComfyServer()
        fake.update { $0.stepDelay = 0.05 }
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let job = runner(fake, folder).start(try request("sd15-txt2img", ["prompt": "x", "steps": 100]))
        let record = await collect(job) { event in
            if case .progress(_, 2, _) = event { job.cancel() }
        }
        #expect(record.comfyError?.kind == .cancelled)
        #expect(record.contains { if case .cancelled = $0 { return true } else { return false } })
        let promptID = try #require(fake.promptBodies.last?["prompt_id"]?.string)
        #expect(fake.interrupts.contains(promptID))
        #expect(await eventually { fake.history(promptID) != nil })
        let messages = fake.history(promptID)?["status"]?["messages"]?.array?.compactMap { $0.array?.first?.string }
        #expect(messages?.contains("execution_interrupted") == true)
        #expect(record.progress.count < 20)
        #expect(folder.files().isEmpty)
    }

    @Test func cancelWhileQueuedRemovesItFromTheQueue() async throws {
        let fake = try FakeComfyServer()
        fake.update { $0.holdQueue = true }
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let job = runner(fake, folder).start(try request("probe-modelfree"))
        let record = await collect(job) { event in
            if case .queued = event { job.cancel() }
        }
        #expect(record.comfyError?.kind == .cancelled)
        let promptID = try #require(fake.promptBodies.last?["prompt_id"]?.string)
        #expect(fake.deletedFromQueue == [promptID])
        #expect(fake.pendingPromptIDs.isEmpty)
    }

    @Test func outOfMemoryRetriesOnceAtALowerResolution() async throws {
        let fake = try FakeComfyServer()
        fake.update { $0.outOfMemoryAbovePixels = 600_000 }
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let record = await collect(runner(fake, folder).start(try request("sd15-txt2img", ["prompt": "x", "steps": 2, "width": 1024, "height": 1024, "seed": 42])))
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
        let record = await collect(runner(fake, folder).start(try request("sd15-txt2img", ["prompt": "x", "steps": 2, "width": 1024, "height": 1024])))
        #expect(record.comfyError?.kind == .outOfMemory)
        #expect(record.comfyError?.message.contains("at 768×768 again after the retry at a lower resolution") == true)
        #expect(fake.promptBodies.count == 2)
        fake.update { $0.outOfMemoryNextJobs = 1 }
        let tiny = await collect(runner(fake, folder).start(try request("probe-modelfree")))
        #expect(tiny.comfyError?.kind == .outOfMemory)
        #expect(!tiny.contains { if case .retryingAtLowerResolution = $0 { return true } else { return false } })
    }

    @Test func aMissingModelIsCaughtBeforeSendingOrReportedByTheServer() async throws {
        let fake = try FakeComfyServer()
        fake.setCheckpoints(["other.safetensors"])
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let before = await collect(runner(fake, folder).start(try request("sd15-txt2img", ["prompt": "x"])))
        #expect(before.comfyError?.kind == .missingModel)
        #expect(before.comfyError?.available == ["other.safetensors"])
        #expect(fake.promptBodies.isEmpty)
        var unchecked = try request("sd15-txt2img", ["prompt": "x"])
        unchecked.preflight = false
        let after = await collect(runner(fake, folder).start(unchecked))
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
        let record = await collect(runner(fake, folder).start(try request("sd15-txt2img", ["prompt": "x", "steps": 10])))
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
        let record = await collect(runner(fake, folder, useWebSocket: refused).start(try request("probe-modelfree")))
        #expect(record.saved.count == 1)
        #expect(record.contains { if case .pollingFallback = $0 { return true } else { return false } } == refused)
    }

    @Test func unreachableThenBackTheJobWaitsQueued() async throws {
        let fake = try FakeComfyServer()
        fake.stop()
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let job = runner(fake, folder).start(try request("probe-modelfree"))
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

    @Test func aRestartMidJobLosesTheJobAndSaysSo() async throws {
        let fake = try FakeComfyServer()
        fake.update { $0.holdQueue = true }
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let job = runner(fake, folder, useWebSocket: false).start(try request("probe-modelfree"))
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
        let record = await collect(runner(fake, folder).start(try request("probe-modelfree", generation: "g")))
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
        let record = await collect(runner(fake, folder).start(try request("probe-modelfree")))
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
        let record = await collect(runner(fake, folder, maxBytes: 1 << 20).start(try request("probe-modelfree")))
        #expect(record.comfyError?.kind == .outputFailed)
        #expect(record.comfyError?.message.contains("1048576") == true)
        #expect(folder.files().isEmpty)
    }
}
