import Engine

/// The last stage of the measured pipeline: what consumes the engine's `TurnEvent`s.
/// `StudioStage` folds them into the studio's UI state and renders frames into a cell
/// buffer (the end-to-end rows); `EventTally` only counts (warm-ups, the engine-alone row).
/// Called on the turn's task, one event at a time, then `finish` once the turn returned.
protocol EventStage: AnyObject, Sendable {
    func receive(_ event: TurnEvent)
    func finish()
}

/// Counts the text pieces and bytes of one turn and notes when the first text arrived.
/// Written only by the one task running the turn; read after the turn has returned.
final class EventTally: EventStage, @unchecked Sendable {
    private(set) var pieces = 0
    private(set) var bytes = 0
    private(set) var firstText: ContinuousClock.Instant?

    func receive(_ event: TurnEvent) {
        guard case .text(_, let piece) = event else { return }
        if firstText == nil { firstText = .now }
        pieces += 1
        bytes += piece.utf8.count
    }

    func finish() {}
}
