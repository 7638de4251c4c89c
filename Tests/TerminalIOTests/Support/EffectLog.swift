import Synchronization
import UI

/// Collects the effects a studio run hands to its effect handler, in order. Sendable.
final class EffectLog: Sendable {
    private let effects = Mutex<[Effect]>([])

    func record(_ effect: Effect) { effects.withLock { $0.append(effect) } }
    var all: [Effect] { effects.withLock { $0 } }
}
