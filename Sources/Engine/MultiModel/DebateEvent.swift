import Core

/// What happens during a multi-model run, in order, complete enough for the status board
/// to be drawn from these events alone: the run and its entries at the start, every entry
/// change as stored (status, stage, error, message ids), every streamed piece of every
/// model, the synthesis and the summary, and the final state. A plain value.
public enum DebateEvent: Sendable, Hashable {
    /// The run was created: every entry is `initial`, the summary `pending`.
    case started(DebateRunDetail)
    /// An entry changed (status, error and stage, message ids, figures), as now stored.
    case entryChanged(DebateEntry)
    /// A model's turn at a stage: started, text, reasoning, finished or failed.
    case modelTurn(position: Int, stage: DebateStage, TurnEvent)
    /// Fewer than two models answered, so nobody debated; the reason, for the person.
    case debateSkipped(reason: String)
    /// The run itself changed (status, note, synthesis message, summary), as now stored.
    case runChanged(DebateRun)
    /// The master began the synthesis.
    case synthesisStarted(ModelRef)
    /// A piece of the synthesis turn (it streams into the main conversation).
    case synthesisTurn(TurnEvent)
    case synthesisFinished(StoredMessage)
    case synthesisFailed(String)
    /// The summary model began the run summary.
    case summaryStarted(ModelRef)
    /// A piece of the summary text as it streams.
    case summaryText(String)
    case summaryFinished(String)
    case summaryFailed(String)
    /// The run is terminal; the last event.
    case finished(DebateRunDetail)
}
