import Core
import Foundation
import Store

/// A team session: five specialists plan one image with a person, phase by phase, and
/// every step is stored as it happens.
///
/// **Concurrency.** `TeamSession` is an actor. The flow runs in one driver task at a time
/// (a new driver waits for the previous one to end), and that task executes on the actor,
/// so the flow's state changes and the commands' state changes are serialised by the
/// actor. Commands run at the flow's suspension points (while a specialist streams, while
/// the store writes): they store the person's message at once, then only queue it,
/// cancel the current turn's task, or cancel the driver; the flow picks queued messages
/// up at its next turn boundary. Every event is emitted synchronously with the state
/// change it reports, and persisted right after, so the event order is the state order.
///
/// **Events.** `events` is one `AsyncStream<TeamEvent>` per session object, for one
/// consumer; it buffers without limit and finishes after `cancel()` or `close()`.
///
/// **Persistence.** The record (`TeamSessionRecord`), the phase log, the spec versions
/// and every message live in the store; `TeamSessionLoader` reads them back and
/// `TeamSession.open` continues a stored session (a `ready` one takes a change request).
public actor TeamSession {
    public nonisolated let sessionID: Int64
    public nonisolated let events: AsyncStream<TeamEvent>
    let continuation: AsyncStream<TeamEvent>.Continuation
    let store: Store
    let runner: TurnRunner
    let configuration: TeamConfiguration
    let builder: TeamContextBuilder
    let detector: ConsensusDetector

    var record: TeamSessionRecord
    /// Every stored message of the session that the flow knows, ordered by id.
    var conversation: [StoredMessage]
    var specs: [TeamSpecVersion]
    /// The person's messages stored while the team talked, not yet answered, by id.
    var pendingInterjections: [StoredMessage] = []
    var pass = PassState()
    var driver: Task<Void, Never>?
    var currentTurn: Task<TurnOutcome, any Error>?
    var isClosed = false
    var isStarting = false
    var isCancelling = false

    /// What one pass of the flow (from a person's message to the next stop) has seen.
    struct PassState {
        /// Roles whose model failed in this pass: not asked again until the next pass.
        var benched: Set<TeamRole> = []
        var failures: [TeamRole: String] = [:]
        var successes = 0
        /// An interjection was answered during synthesis or review: the spec is redone.
        var respecNeeded = false
    }

    init(store: Store, directory: any ModelDirectory, configuration: TeamConfiguration,
         record: TeamSessionRecord, conversation: [StoredMessage], specs: [TeamSpecVersion]) {
        self.sessionID = record.sessionID
        (self.events, self.continuation) = AsyncStream.makeStream(of: TeamEvent.self, bufferingPolicy: .unbounded)
        self.store = store
        self.runner = TurnRunner(store: store, directory: directory)
        self.configuration = configuration
        self.builder = TeamContextBuilder(budget: configuration.contextBudget)
        self.detector = ConsensusDetector(noveltyThreshold: configuration.noveltyThreshold,
                                          repetitionThreshold: configuration.repetitionThreshold)
        self.record = record
        self.conversation = conversation.sorted { $0.id < $1.id }
        self.specs = specs
        self.pendingInterjections = conversation.filter { $0.role == .user && $0.id > record.handledMessageID }
    }

    /// Creates a new team session (status `idle`) with a model for every role: `models`,
    /// then the configuration's role models, then its default model.
    public static func create(store: Store, directory: any ModelDirectory, configuration: TeamConfiguration,
                              models: [TeamRole: ModelRef] = [:], title: String = "Team session") async throws -> TeamSession {
        let record = try await store.createTeamSession(title: title, models: configuration.models(overriding: models),
                                                       settings: configuration.settings, at: configuration.clock())
        return TeamSession(store: store, directory: directory, configuration: configuration, record: record,
                           conversation: [], specs: [])
    }

    /// Opens a stored team session. One that was `running` (its process stopped) becomes
    /// `interrupted`; call `resume()` to continue it. Do not open a session that a live
    /// `TeamSession` in this process is running.
    public static func open(sessionID: Int64, store: Store, directory: any ModelDirectory,
                            configuration: TeamConfiguration) async throws -> TeamSession {
        let snapshot = try await TeamSessionLoader.load(store: store, sessionID: sessionID)
        var record = snapshot.record
        if record.status == .running {
            record.status = .interrupted
            record.updatedAt = configuration.clock()
            try await store.saveTeamSession(record)
        }
        return TeamSession(store: store, directory: directory, configuration: configuration, record: record,
                           conversation: snapshot.messages, specs: snapshot.specs)
    }

    // MARK: - Reading the live state

    /// The session's state as it would be stored now.
    public var currentRecord: TeamSessionRecord { record }
    /// Every spec version so far, oldest first.
    public var specVersions: [TeamSpecVersion] { specs }
    /// The stored messages the session knows, oldest first (finished turns, notes, the person's messages).
    public var transcript: [StoredMessage] { conversation }
    /// The person's messages waiting to be answered, oldest first.
    public var pendingMessages: [StoredMessage] { pendingInterjections }

    // MARK: - Plumbing for the flow files

    func emit(_ event: TeamEvent) {
        continuation.yield(event)
    }

    func setStatus(_ status: TeamStatus) {
        guard record.status != status else { return }
        record.status = status
        touch()
        emit(.statusChanged(status))
    }

    func touch() {
        record.updatedAt = max(record.updatedAt, configuration.clock())
    }

    func persist() async throws {
        try await store.saveTeamSession(record)
    }

    /// Stores a system note in the conversation and emits it.
    @discardableResult
    func addNote(_ text: String) async throws -> StoredMessage {
        let note = try await store.insertMessage(sessionID: sessionID, role: .system, speaker: Self.engineSpeaker,
                                                 content: text)
        remember(note)
        emit(.note(note))
        return note
    }

    /// Adds a stored message to the conversation, keeping it ordered by id.
    func remember(_ message: StoredMessage) {
        if let index = conversation.lastIndex(where: { $0.id == message.id }) {
            conversation[index] = message
        } else if let last = conversation.last, last.id > message.id {
            let index = conversation.firstIndex { $0.id > message.id } ?? conversation.endIndex
            conversation.insert(message, at: index)
        } else {
            conversation.append(message)
        }
    }

    var contextInput: TeamContextBuilder.Input {
        TeamContextBuilder.Input(request: record.request, conversation: conversation, phase: record.phase,
                                 round: record.round, maxRounds: record.settings.maxRefinementRounds)
    }

    /// The speaker label of the engine's notes.
    public static let engineSpeaker = "Atelier"
    /// The speaker label of the person's messages.
    public static let personSpeaker = "you"
}
