/// What the engine tells the studio, in the UI's own terms. The app's wiring maps engine
/// events (turn events, phases, run stages, server checks, usage) to these and sends them on the
/// studio's message stream as `AppMessage.event`. Text in them is raw model or server text:
/// `update` passes it through the sanitizer before it is kept for drawing. A plain value.
public enum UIEvent: Sendable, Hashable {
    /// A message began. `card` nil: it belongs to the conversation; otherwise it belongs to that
    /// card's thread (shown in the details pane when open).
    case messageStarted(id: Int64, speaker: Speaker, model: String?, card: String?)
    /// A piece of a message's text, in order.
    case messageDelta(id: Int64, text: String)
    /// The message completed.
    case messageFinished(id: Int64)
    /// The message failed (`interrupted` when it was cancelled); its partial text stays.
    case messageFailed(id: Int64, error: String, interrupted: Bool)
    /// The team session moved to another phase.
    case phaseChanged(TeamPhase)
    /// A status-board card appeared or changed.
    case cardChanged(CardUpdate)
    /// The run summary's state.
    case summaryChanged(SummaryState)
    /// A server's state (upserted by name).
    case serverChanged(ServerStatus)
    /// Tokens and cost so far.
    case usageChanged(UsageTotals)
    /// A line from Atelier itself, shown inline.
    case systemNote(String, NoteLevel)
    /// The engine asks the person something (e.g. no consensus: which option?); the next plain
    /// message answers it.
    case question(String)
}

/// How a system note is shown.
public enum NoteLevel: String, Sendable, Hashable {
    case info, warning, error
}

/// One card of the status board: a model (debate) or artist (chorus) at one stage.
/// `id` is unique per model and stage; `group` names the run (cards of one group form a
/// section); `stage` is shown as a sub-heading in order of first appearance. A plain value.
public struct CardUpdate: Sendable, Hashable {
    public var id: String
    public var group: String
    public var title: String
    public var stage: String
    public var status: CardStatus
    /// The error (for `.error`) or a short progress note; raw text.
    public var message: String?

    public init(id: String, group: String, title: String, stage: String, status: CardStatus, message: String? = nil) {
        self.id = id
        self.group = group
        self.title = title
        self.stage = stage
        self.status = status
        self.message = message
    }
}

/// A card's status.
public enum CardStatus: String, Sendable, Hashable {
    case running, done, error

    public var isTerminal: Bool { self != .running }
}

/// The run summary's state; `.none` hides the summary card.
public enum SummaryState: Sendable, Hashable {
    case none
    case inProgress
    case ready(String)
    case failed(String)
}

/// One server the studio talks to and how it is doing. `url` and `detail` are shown; the
/// detail of a `.down` server says what failed and how to fix it. A plain value.
public struct ServerStatus: Sendable, Hashable {
    public var name: String
    public var url: String
    public var state: ServerState
    public var detail: String?

    public init(name: String, url: String, state: ServerState, detail: String? = nil) {
        self.name = name
        self.url = url
        self.state = state
        self.detail = detail
    }
}

/// A server's reachability.
public enum ServerState: String, Sendable, Hashable {
    case unknown, checking, up, down
}

/// Tokens in and out and the cost so far (nil when no price is known). A plain value.
public struct UsageTotals: Sendable, Hashable {
    public var inputTokens: Int
    public var outputTokens: Int
    public var cost: Double?

    public init(inputTokens: Int = 0, outputTokens: Int = 0, cost: Double? = nil) {
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.cost = cost
    }
}
