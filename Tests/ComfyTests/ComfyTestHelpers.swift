@testable import Comfy
import Foundation
import Net
import Synchronization
import Testing
import TestSupport

/// A fresh private temporary folder, removed by `remove()`.
struct TemporaryFolder {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("comfy-tests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }

    /// Every regular file below the folder, as paths relative to it, sorted.
    func files() -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: path)
        var found: [String] = []
        while let next = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path + "/" + next, isDirectory: &isDirectory), !isDirectory.boolValue {
                found.append(next)
            }
        }
        return found.sorted()
    }
}

/// The repository's `Workflows/` folder.
var shippedWorkflowsDirectory: String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Workflows").path
}

/// A backoff that barely sleeps, so retry loops run fast in tests.
let fastBackoff = Backoff(initial: 0.02, factor: 1.5, maximum: 0.1)

/// Runner options for tests: fast polling and backoff.
func testRunnerOptions(useWebSocket: Bool = true) -> GenerationRunner.Options {
    var options = GenerationRunner.Options()
    options.backoff = fastBackoff
    options.pollInterval = 0.02
    options.useWebSocket = useWebSocket
    return options
}

/// A client for a fake server with short timeouts.
func client(for fake: FakeComfyServer, clientID: String = "test-\(UUID().uuidString.prefix(8))") -> ComfyClient {
    ComfyClient(endpoint: ComfyEndpoint(fake.baseURL), clientID: clientID,
                timeouts: HTTPTimeouts(connect: 2, firstByte: 10, stall: 10))
}

/// What a job's stream produced: every event and how it ended.
struct JobRecord {
    var events: [GenerationEvent] = []
    var error: Error?

    var comfyError: ComfyError? { error as? ComfyError }

    var saved: [SavedOutput] {
        events.compactMap { if case .saved(let output) = $0 { return output } else { return nil } }
    }

    var progress: [(node: String?, value: Double, max: Double)] {
        events.compactMap { if case .progress(let node, let value, let max) = $0 { return (node, value, max) } else { return nil } }
    }

    func contains(_ predicate: (GenerationEvent) -> Bool) -> Bool { events.contains(where: predicate) }
}

/// Collects a job's events until the stream ends (at most `seconds`; then the job is
/// cancelled and the record says so through its error).
func collect(_ job: GenerationJob, within seconds: Double = 20,
             onEvent: @escaping @Sendable (GenerationEvent) -> Void = { _ in }) async -> JobRecord {
    let timer = Task {
        try? await Task.sleep(for: .seconds(seconds))
        if !Task.isCancelled { job.cancel() }
    }
    defer { timer.cancel() }
    var record = JobRecord()
    do {
        for try await event in job.events {
            record.events.append(event)
            onEvent(event)
        }
    } catch {
        record.error = error
    }
    return record
}

/// Polls `condition` every 10 ms until it holds or `seconds` pass.
func eventually(within seconds: Double = 5, _ condition: @Sendable () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + .seconds(seconds)
    while ContinuousClock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return condition()
}

/// A thread-safe box.
final class Box<Value: Sendable>: Sendable {
    private let value: Mutex<Value>
    init(_ initial: Value) { value = Mutex(initial) }
    var current: Value { value.withLock { $0 } }
    func update(_ body: @Sendable (inout Value) -> Void) { value.withLock { body(&$0) } }
}

/// The shipped library (loaded once per call).
func shippedLibrary() -> WorkflowLibrary {
    WorkflowLibrary.load(directories: [shippedWorkflowsDirectory])
}

/// A request for a shipped template.
func request(_ id: String, _ parameters: [String: WorkflowValue] = [:], session: String = "s1",
             generation: String = "g\(UUID().uuidString.prefix(8))") throws -> GenerationRequest {
    let template = try #require(shippedLibrary().template(id: id))
    return GenerationRequest(template: template, parameters: parameters, session: session, generation: generation)
}

/// A runner for a fake server saving under `folder`, with fast polling and backoff.
func makeRunner(_ fake: FakeComfyServer, _ folder: TemporaryFolder, useWebSocket: Bool = true, maxBytes: Int = 512 << 20) -> GenerationRunner {
    GenerationRunner(client: client(for: fake), saver: OutputSaver(dataDirectory: folder.path, maxBytes: maxBytes),
                     options: testRunnerOptions(useWebSocket: useWebSocket))
}
