import Core
import Engine
import UI

/// How engine and store values become what the studio's `update` reads: a turn event as UI
/// events, a stored message as a thread message. `EngineBridge` uses it, and so does the
/// benchmark, whose end-to-end and big-history rows fold the same values into an `AppState`
/// and render them. Pure functions; any thread may call them.
public enum StudioEventMapping {
    /// The UI events for one turn event; `card` nil puts the message in the conversation.
    public static func uiEvents(_ event: TurnEvent, card: String?) -> [UIEvent] {
        switch event {
        case .started(let id, let speaker, let model):
            return [.messageStarted(id: id, speaker: Speaker(storedName: speaker), model: model.description, card: card)]
        case .text(let id, let text):
            return [.messageDelta(id: id, text: text)]
        case .reasoning:
            return []
        case .finished(let message):
            return [.messageFinished(id: message.id)]
        case .failed(let message, let error):
            return [.messageFailed(id: message.id, error: error.message, interrupted: message.status == .interrupted)]
        }
    }

    /// A stored message as the conversation and the details pane show it.
    public static func threadMessage(_ message: StoredMessage) -> ThreadMessage {
        let speaker: Speaker = message.role == .user ? .user : Speaker(storedName: message.speaker)
        return ThreadMessage(id: message.id, speaker: speaker, model: message.model, text: message.content,
                             status: message.status, error: message.error)
    }
}
