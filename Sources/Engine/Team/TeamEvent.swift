import Core

/// Everything a team session does, in order, on its one event stream: enough for a
/// terminal to draw the whole session from the events alone. Stored messages arrive in
/// `userMessage`, `interjectionReceived`, `note` and the `turn` events (whose `started`
/// and `text` pieces stream a specialist's reply); the other cases are markers for the
/// status board. A plain value.
public enum TeamEvent: Sendable, Hashable {
    /// The status changed (running, waiting for the person, ready, failed, cancelled...).
    case statusChanged(TeamStatus)
    /// A phase (or a new refinement/adjustment round) began.
    case phaseChanged(TeamPhase, round: Int)
    /// The person's request, reply or change request, stored.
    case userMessage(StoredMessage)
    /// A message the person sent while the team was talking, stored; answered at the next turn boundary.
    case interjectionReceived(StoredMessage)
    /// These specialists are about to answer that interjection, in this order.
    case interjectionAnswering(messageID: Int64, roles: [TeamRole])
    /// The interjection has been answered (by the roles that managed to).
    case interjectionAnswered(messageID: Int64, roles: [TeamRole])
    /// The engine asks `role` to speak; `ask` says what for, in a few words.
    case speakerPrompted(TeamRole, ask: String)
    /// One event of a specialist's turn (started, text, reasoning, finished, failed).
    case turn(TeamRole, TurnEvent)
    /// The person cancelled this speaker; the message keeps its partial text, status `interrupted`.
    case speakerCancelled(TeamRole, StoredMessage)
    /// The specialist's model failed; it is skipped for the rest of this pass (a note says so).
    case speakerSkipped(TeamRole, reason: String)
    /// A system note the engine stored in the conversation.
    case note(StoredMessage)
    /// Refinement ended: these specialists agreed and brought nothing new.
    case consensusReached(round: Int, roles: [TeamRole])
    /// Refinement ended: `role` repeated an earlier turn (similarity 0...1).
    case repetitionDetected(TeamRole, similarity: Double, round: Int)
    /// No consensus after the last round: the options; the session waits for the person's choice.
    case needsUserChoice([TeamOption], messageID: Int64)
    /// The request was empty or unclear: this message holds the questions; the session waits.
    case clarifyingQuestions(messageID: Int64)
    /// Pixel's spec did not parse; it is asked once more with this error.
    case specParseRetry(error: String)
    /// No usable spec from Pixel: the template's defaults with the conversation's prompt follow.
    case specFallback(reason: String)
    /// A new spec version was stored (its `source` says model, retry or fallback).
    case specProposed(TeamSpecVersion)
    /// Lens approved this version.
    case reviewApproved(TeamSpecVersion)
    /// Lens sent this version back; `sendBacks` counts the send-backs of this cycle.
    case reviewRejected(TeamSpecVersion, reasons: String, sendBacks: Int)
    /// Lens rejected again after the last allowed send-back; the version goes ahead.
    case reviewLimitReached(TeamSpecVersion)
    /// Lens could not review (failed, skipped or cancelled); the version goes ahead unreviewed.
    case reviewSkipped(TeamSpecVersion)
    /// The spec is ready for generation; the session waits for a change request.
    case ready(TeamSpecVersion)
    /// The session stopped with this error (status `failed`); `resume()` may retry.
    case failed(String)
    /// The session was cancelled; the stream ends after this event.
    case cancelled
}
