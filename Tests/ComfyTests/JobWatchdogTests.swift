@testable import Comfy
import Foundation
import Testing
import TestSupport

/// The follower's watchdog: a socket that says nothing about our prompt makes the follower
/// ask `/history` and `/queue` after a (short, here) quiet period. Against the fake ComfyUI
/// over loopback.
@Suite struct JobWatchdogTests {
    func runner(_ fake: FakeComfyServer, _ folder: TemporaryFolder, unreachableLimit: Double = 60) -> GenerationRunner {
        var options = testRunnerOptions()
        options.quietPeriod = 0.2
        options.followUnreachableLimit = unreachableLimit
        return GenerationRunner(client: client(for: fake), saver: OutputSaver(dataDirectory: folder.path), options: options)
    }

    func historyRequests(_ fake: FakeComfyServer, _ promptID: String) -> Int {
        fake.requests.filter { $0.target.hasSuffix("/history/" + promptID) }.count
    }

    @Test func aSilentJobStillRunningIsWaitedForAndCheckedAgain() async throws {
        let fake = try FakeComfyServer()
        fake.update { $0.silenceJobs = true }
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let ended = Box(false)
        let job = runner(fake, folder).start(try request("probe-modelfree"))
        let collecting = Task {
            await collect(job, within: 60) { event in
                switch event {
                case .completed, .failed, .cancelled: ended.update { $0 = true }
                default: break
                }
            }
        }
        #expect(await eventually(within: 20) { fake.runningPromptID != nil })
        let promptID = try #require(fake.runningPromptID)
        // Several quiet periods pass: each one checks, and the job is still waited for.
        #expect(await eventually(within: 30) { historyRequests(fake, promptID) >= 3 })
        #expect(!ended.current)
        fake.update { $0.silenceJobs = false }
        let record = await collecting.value
        #expect(record.error == nil, "\(String(describing: record.error))")
        #expect(record.saved.count == 1)
        #expect(record.contains { $0 == .started })
    }

    @Test func aJobTheServerForgotFailsNamingThePromptID() async throws {
        let fake = try FakeComfyServer()
        fake.update { $0.silenceJobs = true }
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let job = runner(fake, folder).start(try request("probe-modelfree"))
        let collecting = Task { await collect(job, within: 60) }
        #expect(await eventually(within: 20) { fake.runningPromptID != nil })
        let promptID = try #require(fake.runningPromptID)
        fake.forgetJobs()
        let record = await collecting.value
        let error = try #require(record.comfyError)
        #expect(error.kind == .executionFailed)
        #expect(error.message.contains(promptID))
        #expect(error.message.contains("it may have restarted"))
        #expect(!error.message.contains("\n"))
        #expect(record.saved.isEmpty)
        #expect(!record.contains { if case .pollingFallback = $0 { return true } else { return false } }, "the socket stayed open")
    }

    @Test func aJobThatEndsWithoutAnySocketEventIsTakenFromHistory() async throws {
        let fake = try FakeComfyServer()
        fake.update { $0.muteJobEvents = true }
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let record = await collect(runner(fake, folder).start(try request("probe-modelfree")), within: 60)
        #expect(record.error == nil, "\(String(describing: record.error))")
        let saved = try #require(record.saved.first)
        #expect(FileManager.default.fileExists(atPath: saved.path))
        #expect(saved.path.hasSuffix("/image-001.png"))
        #expect(!record.contains { if case .pollingFallback = $0 { return true } else { return false } })
    }

    @Test func aFailureRecordedOnlyInHistoryIsReported() async throws {
        let fake = try FakeComfyServer()
        fake.update {
            $0.muteJobEvents = true
            $0.outOfMemoryNextJobs = 1
        }
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let record = await collect(runner(fake, folder).start(try request("probe-modelfree")), within: 60)
        #expect(record.comfyError?.kind == .outOfMemory, "\(String(describing: record.error))")
        #expect(record.saved.isEmpty)
    }

    @Test func anUnreachableServerWhileFollowingFailsAfterTheLimit() async throws {
        let fake = try FakeComfyServer()
        fake.update { $0.silenceJobs = true }
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let job = runner(fake, folder, unreachableLimit: 0.5).start(try request("probe-modelfree"))
        let collecting = Task { await collect(job, within: 60) }
        #expect(await eventually(within: 20) { fake.runningPromptID != nil })
        let promptID = try #require(fake.runningPromptID)
        fake.stop()
        let record = await collecting.value
        let error = try #require(record.comfyError)
        #expect(error.kind == .unreachable)
        #expect(error.message.contains("lost contact with ComfyUI"))
        #expect(error.message.contains(promptID))
        #expect(record.contains { if case .waitingForServer = $0 { return true } else { return false } })
    }

    @Test func pollingAlsoGivesUpOnAnUnreachableServer() async throws {
        let fake = try FakeComfyServer()
        fake.update { $0.silenceJobs = true }
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        var options = testRunnerOptions(useWebSocket: false)
        options.followUnreachableLimit = 0.5
        let runner = GenerationRunner(client: client(for: fake), saver: OutputSaver(dataDirectory: folder.path), options: options)
        let job = runner.start(try request("probe-modelfree"))
        let collecting = Task { await collect(job, within: 60) }
        #expect(await eventually(within: 20) { fake.runningPromptID != nil })
        fake.stop()
        let record = await collecting.value
        #expect(record.comfyError?.kind == .unreachable, "\(String(describing: record.error))")
    }
}
