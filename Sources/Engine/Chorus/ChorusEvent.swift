import Core

/// What happens in a chorus run group, in order, complete enough for the compare board to
/// be drawn from these events alone: the group and its runs at the start, every run change
/// as stored (status, stage, attempts, statement, image prompt, warnings, figures), the
/// artists' streamed text, retries, generations recorded, statistics after each run ends,
/// the budget stop, the cancel, and the final state. A plain value.
public enum ChorusEvent: Sendable, Hashable {
    /// The group is stored and its runs are queued (a re-run starts with the group as reloaded).
    case started(ChorusGroupDetail)
    case runChanged(ChorusRun)
    /// A piece of an artist's turn (started, text, finished, failed).
    case artistTurn(runID: Int64, TurnEvent)
    /// An artist call failed in a way worth repeating; the next attempt follows after `delay` seconds.
    case retrying(runID: Int64, attempt: Int, delay: Double, reason: String)
    /// The brush recorded (or queued) a generation for a run.
    case generationRecorded(runID: Int64, StoredGeneration)
    /// The group's figures after a run ended.
    case stats(ChorusStats)
    /// Spending reached the budget: runs not yet launched end `failed` ("budget exhausted").
    case budgetStopped(spent: Double, budget: Double)
    /// The group was cancelled: running calls stopped, queued runs never started.
    case cancelled
    /// The group itself changed (status, note), as now stored.
    case groupChanged(ChorusGroup)
    /// The group is terminal; the last event.
    case finished(ChorusGroupDetail)
}
