import Core

/// What happens during one model call, in order: `started`, then any number of `text` and
/// `reasoning` pieces, then exactly one of `finished` or `failed`. A plain value; the
/// events of many turns interleave on the engine's one event stream.
public enum TurnEvent: Sendable, Hashable {
    /// The message row exists (status `streaming`) and the request is on its way.
    case started(messageID: Int64, speaker: String, model: ModelRef)
    /// A piece of answer text, already stored (batched) under `messageID`.
    case text(messageID: Int64, String)
    /// A piece of reasoning text; shown, not stored as the answer.
    case reasoning(messageID: Int64, String)
    /// The reply completed; the stored message carries usage, latency and cost.
    case finished(StoredMessage)
    /// The call failed or was cancelled; the stored message keeps the partial text and its
    /// status is `error` or `interrupted`.
    case failed(StoredMessage, ProviderError)

    /// The message this event belongs to.
    public var messageID: Int64 {
        switch self {
        case .started(let id, _, _), .text(let id, _), .reasoning(let id, _): return id
        case .finished(let message), .failed(let message, _): return message.id
        }
    }
}
