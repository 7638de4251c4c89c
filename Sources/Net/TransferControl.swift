import Synchronization

/// The caller's handle on one transfer: a cancelled flag that the transfer's callbacks check
/// on the engine thread, plus a message to the engine so that an idle transfer is removed at
/// once. Sendable; `cancel()` may be called from any thread, any number of times.
final class TransferControl: Sendable {
    let id: UInt64
    private let engine: TransferEngine
    private let cancelled = Atomic<Bool>(false)

    init(id: UInt64, engine: TransferEngine) {
        self.id = id
        self.engine = engine
    }

    var isCancelled: Bool { cancelled.load(ordering: .acquiring) }

    func cancel() {
        guard !cancelled.exchange(true, ordering: .acquiringAndReleasing) else { return }
        engine.enqueue(.cancel(id))
    }
}
