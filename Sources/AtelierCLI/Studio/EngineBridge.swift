import Core
import Engine
import Foundation
import Store
import UI

/// The studio's link to the engine and the store: carries out each `Effect` the UI asks for
/// (a team message or interjection, a cancel, `/ask`, `/debate`, `/chorus`, a thread, sessions, search)
/// and sends what happens back as `AppMessage`s on `sink`, engine events mapped to `UIEvent`s.
///
/// Invariants: at most one team session is live at a time (`team`); every task it starts is
/// kept in `tasks` so `shutdown` can end them; long work runs in those tasks, so `perform`
/// returns quickly and the UI's effect queue keeps moving. An actor: called from the studio's
/// effect task and from its own pump tasks.
actor EngineBridge {
    let store: Store
    let catalog: ModelCatalog
    let config: ResolvedConfig
    let sink: AsyncStream<AppMessage>.Continuation
    var team: TeamSession?
    var debates: [Int64: MultiModelRun] = [:]
    var choruses: [Int64: ChorusGroupRun] = [:]
    var tasks: [Task<Void, Never>] = []
    /// Running `/ask` calls (the cancel key stops them).
    var asks: [Task<Void, Never>] = []
    /// The chat session `/ask` talks into (made at the first `/ask`).
    var chatSessionID: Int64?
    var usage = UsageTotals()
    /// Cards whose thread the details pane holds now.
    var openThreads: Set<String> = []
    var isShutDown = false

    init(store: Store, catalog: ModelCatalog, config: ResolvedConfig, sink: AsyncStream<AppMessage>.Continuation) {
        self.store = store
        self.catalog = catalog
        self.config = config
        self.sink = sink
    }

    /// Carries out one effect; answers and engine events go to `sink`.
    func perform(_ effect: Effect) async {
        guard !isShutDown else { return }
        switch effect {
        case .sendMessage(let text), .interject(let text):
            await sendToTeam(text)
        case .cancelCurrentSpeaker:
            await cancelSpeaker()
        case .ask(let model, let text):
            startAsk(model: model, text: text)
        case .debate(let models, let text):
            await startDebate(models: models, text: text)
        case .chorus(let artists, let text):
            await startChorus(artists: artists, text: text)
        case .loadThread(let cardID):
            await loadThread(cardID)
        case .releaseThread(let cardID):
            openThreads.remove(cardID)
        case .loadSessions:
            await loadSessions()
        case .openSession(let id):
            await openSession(id)
        case .openSearchHit(let sessionID, _):
            await openSession(sessionID)
        case .newSession:
            await closeTeam()
            note("a new conversation: the next message starts a new team session", .info)
        case .renameSession(let id, let title):
            await renameSession(id, title: title)
        case .deleteSession(let id):
            await deleteSession(id)
        case .search(let query):
            await search(query)
        case .loadSettings:
            loadSettings()
        case .assign:
            emit(.effectFailed("changing a role's model from the studio is not available yet; edit \"roles\" in \(config.paths.configFile)"))
        case .loadTheme(let name):
            emit(.effectFailed("themes are chosen at start (ATELIER_THEME=\(name)); switching while running is not available yet"))
        case .quit:
            await shutdown()
        }
    }

    /// Ends everything: the team session is cancelled (a speaker's partial text is stored,
    /// marked interrupted), debates are cancelled and awaited, pumps end. Idempotent.
    func shutdown() async {
        guard !isShutDown else { return }
        isShutDown = true
        if let team {
            if await team.currentRecord.status == .running {
                await team.cancel()
            } else {
                await team.close()
            }
            await team.settle()
        }
        for run in debates.values {
            run.cancel()
            _ = try? await run.result()
        }
        for group in choruses.values {
            group.cancel()
            _ = try? await group.result()
        }
        for task in tasks { task.cancel() }
        for task in tasks { await task.value }
        tasks.removeAll()
    }

    // MARK: sending

    func emit(_ message: AppMessage) { sink.yield(message) }
    func emit(_ event: UIEvent) { sink.yield(.event(event)) }
    func note(_ text: String, _ level: NoteLevel) { emit(.systemNote(text, level)) }

    func addUsage(_ message: StoredMessage) {
        guard let used = message.usage else { return }
        usage.inputTokens += used.inputTokens
        usage.outputTokens += used.outputTokens
        if let cost = message.cost { usage.cost = (usage.cost ?? 0) + cost }
        emit(.usageChanged(usage))
    }

    /// Maps one turn event of a conversation or card message to UI events (and counts usage).
    func bridgeTurn(_ event: TurnEvent, card: String?) {
        for ui in Self.uiEvents(event, card: card) { emit(ui) }
        switch event {
        case .finished(let message), .failed(let message, _): addUsage(message)
        case .started, .text, .reasoning: break
        }
    }

    /// The UI events for one turn event (see `StudioEventMapping.uiEvents`).
    static func uiEvents(_ event: TurnEvent, card: String?) -> [UIEvent] {
        StudioEventMapping.uiEvents(event, card: card)
    }

    func keep(_ task: Task<Void, Never>) {
        tasks.removeAll { $0.isCancelled }
        tasks.append(task)
    }
}
