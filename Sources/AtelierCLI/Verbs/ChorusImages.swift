import Comfy
import Core
import Engine
import Foundation
import Store
import Synchronization

/// The images of a headless chorus group: waits for every ComfyUI job the brush sent (Ctrl-C
/// cancels them: ComfyUI gets `POST /interrupt`, the records end `cancelled`), then reads
/// each artist's generation record (status, error, saved files) for the comparison.
/// Made and used on the verb's task.
struct ChorusImages {
    let sink: ComfyGenerationSink
    let store: Store
    let streams: StandardStreams
    let json: Bool

    /// Waits for every job still out; true when the person interrupted the wait.
    func waitForAll(_ detail: ChorusGroupDetail) async -> Bool {
        let out = detail.runs.filter { $0.generationStatus == .queued || $0.generationStatus == .running }.count
        if out > 0 && !json && sink.completion != .leaveQueued {
            streams.err("atelier chorus: waiting for \(out) image\(out == 1 ? "" : "s") from ComfyUI…\n")
        }
        let interrupted = InterruptFlag()
        let trap = SignalTrap { [sink] _ in
            interrupted.set()
            sink.cancelAll()
        }
        defer { trap.cancel() }
        _ = await sink.waitForAll()
        return interrupted.isSet
    }

    /// Each run's generation record, by run id (runs without one are left out).
    func records(_ detail: ChorusGroupDetail) async throws -> [Int64: GenerationDetails] {
        var found: [Int64: GenerationDetails] = [:]
        for run in detail.runs {
            guard let id = run.generationID, let record = try await store.generationDetails(id: id) else { continue }
            found[run.id] = record
        }
        return found
    }

    /// The hint for generations left queued because ComfyUI did not answer.
    static func queuedHint(_ ids: [Int64]) -> String? {
        guard !ids.isEmpty else { return nil }
        let list = ids.map(String.init).joined(separator: " ")
        return "\(ids.count == 1 ? "generation \(list) stays" : "generations \(list) stay") queued; "
            + "send \(ids.count == 1 ? "it" : "them") once ComfyUI runs: atelier generations send ID"
    }
}

/// A flag the signal handler sets and the verb's task reads. Thread-safe.
final class InterruptFlag: Sendable {
    private let state = Mutex(false)
    func set() { state.withLock { $0 = true } }
    var isSet: Bool { state.withLock { $0 } }
}
