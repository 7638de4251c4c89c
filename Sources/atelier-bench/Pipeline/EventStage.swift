import Engine

/// The last stage of the measured pipeline: what consumes the engine's `TurnEvent`s.
/// Today it is `EventTally`, which only counts (the engine → store → events part of the
/// path). When the studio lands, a stage that folds the events into the UI state and
/// renders frames into a cell buffer plugs in here, and the end-to-end rows then cover the
/// whole path the issue describes. Called on the turn's task, one event at a time.
protocol EventStage: AnyObject, Sendable {
    func receive(_ event: TurnEvent)
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
}
