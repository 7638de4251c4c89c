import Comfy
import Core
import Engine
import Foundation
import Net
import Store
import Synchronization
import TestSupport

/// The repository's `Workflows/` folder.
var generationWorkflowsDirectory: String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Workflows").path
}

/// One test's world: a fake ComfyUI, a fresh database, a fresh data folder, and a
/// generation service over them with fast polling and backoff.
struct GenerationWorld {
    let fake: FakeComfyServer
    let store: Store
    let dataDirectory: String
    let service: GenerationService

    init(maxServerWaitAttempts: Int? = 1, useWebSocket: Bool = true, quietPeriod: Double = 30) throws {
        fake = try FakeComfyServer()
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("generation-\(UUID().uuidString)").path
        dataDirectory = root + "/data"
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        store = try Store(path: root + "/atelier.db")
        var options = GenerationRunner.Options()
        options.backoff = Backoff(initial: 0.02, factor: 1.5, maximum: 0.1)
        options.pollInterval = 0.02
        options.useWebSocket = useWebSocket
        options.maxServerWaitAttempts = maxServerWaitAttempts
        options.quietPeriod = quietPeriod
        let client = ComfyClient(endpoint: ComfyEndpoint(fake.baseURL), timeouts: HTTPTimeouts(connect: 2, firstByte: 10, stall: 10))
        let runner = GenerationRunner(client: client, saver: OutputSaver(dataDirectory: dataDirectory), options: options)
        service = GenerationService(store: store, library: WorkflowLibrary.load(directories: [generationWorkflowsDirectory]),
                                    runner: runner)
    }

    func template(_ id: String) throws -> WorkflowTemplate { try service.template(id: id) }

    /// Every regular file under the data folder, relative to it, sorted.
    func savedFiles() -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: dataDirectory)
        var found: [String] = []
        while let next = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: dataDirectory + "/" + next, isDirectory: &isDirectory), !isDirectory.boolValue {
                found.append(next)
            }
        }
        return found.sorted()
    }

    /// Every regular file under the fake's temporary parent that is not inside the data
    /// folder or the fake's own folder (where a hostile name would have escaped to).
    func strayFiles() -> [String] {
        let root = (dataDirectory as NSString).deletingLastPathComponent
        let enumerator = FileManager.default.enumerator(atPath: root)
        var found: [String] = []
        while let next = enumerator?.nextObject() as? String {
            guard !next.hasPrefix("data/"), next != "data", !next.hasPrefix("atelier.db") else { continue }
            found.append(next)
        }
        return found
    }
}

/// What a handle produced: every update and the outcome.
struct FollowedGeneration {
    var updates: [GenerationUpdate]
    var outcome: GenerationOutcome

    var statuses: [StoredGeneration.Status] {
        updates.compactMap { if case .stored(let row) = $0 { return row.status } else { return nil } }
    }
    var notices: [String] { updates.compactMap { if case .notice(let text) = $0 { return text } else { return nil } } }
    var fractions: [Double] { updates.compactMap { if case .progress(let progress) = $0 { return progress.fraction } else { return nil } } }
    var jobEvents: [GenerationEvent] { updates.compactMap { if case .job(let event) = $0 { return event } else { return nil } } }
}

/// Follows a handle to its end (cancelling it after `seconds`), calling `onUpdate` for each update.
func follow(_ handle: GenerationHandle, within seconds: Double = 20,
            onUpdate: @escaping @Sendable (GenerationUpdate) -> Void = { _ in }) async throws -> FollowedGeneration {
    let timer = Task {
        try? await Task.sleep(for: .seconds(seconds))
        if !Task.isCancelled { handle.cancel() }
    }
    defer { timer.cancel() }
    var updates: [GenerationUpdate] = []
    for await update in handle.updates {
        updates.append(update)
        onUpdate(update)
    }
    return FollowedGeneration(updates: updates, outcome: try await handle.result())
}

/// Polls `condition` every 10 ms until it holds or `seconds` pass.
func generationEventually(within seconds: Double = 5, _ condition: @Sendable () async -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + .seconds(seconds)
    while ContinuousClock.now < deadline {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return await condition()
}

/// A thread-safe list.
final class GenerationLog<Element: Sendable>: Sendable {
    private let items = Mutex<[Element]>([])
    func append(_ item: Element) { items.withLock { $0.append(item) } }
    var all: [Element] { items.withLock { $0 } }
}

/// The file's bytes as lowercase hex SHA-256.
func fileSHA256(_ path: String) throws -> String {
    SHA256Hasher.hex(try Data(contentsOf: URL(fileURLWithPath: path)))
}

/// The permission bits of a file.
func fileMode(_ path: String) throws -> Int {
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
}
