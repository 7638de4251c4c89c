@testable import Comfy
import Core
import Foundation
import Testing
import TestSupport

@Suite struct GenerationRunnerTests {
    @Test func aJobFromSubmitToSavedFileWithProgressForEveryStep() async throws {
        let fake = try FakeComfyServer()
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let job = makeRunner(fake, folder).start(try request("sd15-txt2img", ["prompt": "a lighthouse", "steps": 7], generation: "g1"))
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
        #expect(SHA256Hasher.hex(bytes) == saved.sha256 && Int64(bytes.count) == saved.bytes)
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
        let audio = await collect(makeRunner(fake, folder).start(try request("stable-audio-txt2audio", ["prompt": "rain", "steps": 3])))
        #expect(audio.saved.map(\.name) == ["audio-001.wav"])
        #expect(audio.saved.first?.mediaType == .audio)
        let video = await collect(makeRunner(fake, folder).start(try request("ltxv-txt2video", ["prompt": "waves", "steps": 4])))
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
        let record = await collect(makeRunner(fake, folder).start(job))
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
        let job = makeRunner(fake, folder).start(try request("sd15-txt2img", ["prompt": "x", "steps": 100]))
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
        let job = makeRunner(fake, folder).start(try request("probe-modelfree"))
        let record = await collect(job) { event in
            if case .queued = event { job.cancel() }
        }
        #expect(record.comfyError?.kind == .cancelled)
        let promptID = try #require(fake.promptBodies.last?["prompt_id"]?.string)
        #expect(fake.deletedFromQueue == [promptID])
        #expect(fake.pendingPromptIDs.isEmpty)
    }
}
