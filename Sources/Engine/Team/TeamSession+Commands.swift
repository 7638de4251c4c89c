import Core
import Foundation

/// The commands a person (through the CLI or the terminal) gives a team session. Each
/// stores what must be stored before returning, then leaves the work to the flow.
extension TeamSession {
    /// Where a pass of the flow begins.
    enum FlowEntry: Sendable {
        /// From the request: clarity check, ideation, refinement, synthesis, review.
        case start
        /// After the person chose among the options: synthesis, review.
        case chose(StoredMessage)
        /// After a result: adjustment, synthesis, review.
        case iteration(StoredMessage)
        /// After a failure or a restart: the stored phase again.
        case resume
    }

    /// Stores the request and starts the team. An empty or unclear request gets clarifying
    /// questions (status `awaitingClarification`). Throws `alreadyStarted` the second time.
    @discardableResult
    public func start(_ prompt: String) async throws -> StoredMessage {
        try ensureUsable()
        guard record.status == .idle, !isStarting else { throw TeamSessionError.alreadyStarted }
        isStarting = true
        defer { isStarting = false }
        let message = try await storePersonMessage(prompt)
        record.request = prompt.trimmingCharacters(in: .whitespacesAndNewlines)
        record.handledMessageID = message.id
        emit(.userMessage(message))
        launch(.start)
        return message
    }

    /// Sends the person's message; it is stored before this returns and never lost. While
    /// the team talks it is an interjection: queued in order and answered at the next turn
    /// boundary by the specialists it concerns (see `InterjectionRouter`). While the session
    /// waits for an answer or a choice it is that reply; when it is `ready` it is a change
    /// request (adjustment, new spec version). Before `start` it is the request. An empty
    /// or blank message (other than the request) is refused with `emptyMessage`.
    @discardableResult
    public func interject(_ text: String) async throws -> StoredMessage {
        try await send(text)
    }

    /// The same as `interject`, named for answering a question or choosing an option.
    @discardableResult
    public func reply(_ text: String) async throws -> StoredMessage {
        try await send(text)
    }

    /// Stops the specialist speaking now: its message keeps the partial text, marked
    /// `interrupted`, and the flow goes on to the next speaker. False when nobody speaks.
    @discardableResult
    public func cancelCurrentSpeaker() -> Bool {
        guard let turn = currentTurn else { return false }
        turn.cancel()
        return true
    }

    /// Cancels the session: the current turn stops (kept as `interrupted`), the status
    /// becomes `cancelled`, `.cancelled` is emitted and the event stream finishes.
    public func cancel() async {
        guard !isClosed, !isCancelling, record.status != .cancelled else { return }
        isCancelling = true
        currentTurn?.cancel()
        let running = driver
        running?.cancel()
        await running?.value
        setStatus(.cancelled)
        emit(.cancelled)
        // Best effort: the person's intent is already final in memory and on the stream.
        try? await persist()
        continuation.finish()
    }

    /// Continues a session that `failed` or was `interrupted` (its stored phase starts
    /// again, pending interjections are answered first), or takes up a person's message
    /// that was stored but not yet handled while the session waited or was ready.
    public func resume() async throws {
        try ensureUsable()
        switch record.status {
        case .failed, .interrupted:
            record.error = nil
            launch(.resume)
        case .ready, .awaitingChoice, .awaitingClarification:
            guard let first = pendingInterjections.first else { throw TeamSessionError.nothingToResume(record.status) }
            pendingInterjections.removeFirst()
            accept(first)
        case .idle, .running, .cancelled:
            throw TeamSessionError.nothingToResume(record.status)
        }
    }

    /// Waits until no flow is running: the session waits for the person, is ready,
    /// failed or was cancelled.
    public func settle() async {
        while let current = driver {
            await current.value
            if driver == current { return }
        }
    }

    /// Ends this session object: a running flow is cancelled, the event stream finishes and
    /// later commands throw `closed`. A `ready` or waiting session stays so in the store,
    /// and is stored so when this returns: a flow that has reported its last state but not
    /// yet saved it is awaited (the state is emitted first and persisted right after).
    /// Not to be called from inside the session's own flow.
    public func close() async {
        guard !isClosed else { return }
        if record.status == .running { await cancel() } else { await settle() }
        isClosed = true
        continuation.finish()
    }

    // MARK: - Internals

    func ensureUsable() throws {
        if isClosed { throw TeamSessionError.closed }
        if isCancelling || record.status == .cancelled { throw TeamSessionError.cancelled }
    }

    func send(_ text: String) async throws -> StoredMessage {
        try ensureUsable()
        if record.status == .idle && !isStarting { return try await start(text) }
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw TeamSessionError.emptyMessage }
        let message = try await storePersonMessage(text)
        accept(message)
        return message
    }

    func storePersonMessage(_ text: String) async throws -> StoredMessage {
        let message = try await store.insertMessage(sessionID: sessionID, role: .user, speaker: Self.personSpeaker,
                                                    content: text)
        remember(message)
        return message
    }

    /// Routes a stored message of the person by the status at this moment (synchronous,
    /// so no state change can slip between the decision and its effect).
    func accept(_ message: StoredMessage) {
        guard !isCancelling else {
            queue(message)
            return
        }
        switch record.status {
        case .awaitingClarification:
            emit(.userMessage(message))
            let answer = message.content.trimmingCharacters(in: .whitespacesAndNewlines)
            record.request = [record.request, answer].filter { !$0.isEmpty }.joined(separator: "\n")
            record.handledMessageID = max(record.handledMessageID, message.id)
            launch(.start)
        case .awaitingChoice:
            emit(.userMessage(message))
            record.handledMessageID = max(record.handledMessageID, message.id)
            launch(.chose(message))
        case .ready:
            emit(.userMessage(message))
            record.handledMessageID = max(record.handledMessageID, message.id)
            launch(.iteration(message))
        case .idle, .running, .failed, .interrupted, .cancelled:
            queue(message)
        }
    }

    func queue(_ message: StoredMessage) {
        let index = pendingInterjections.firstIndex { $0.id > message.id } ?? pendingInterjections.endIndex
        pendingInterjections.insert(message, at: index)
        emit(.interjectionReceived(message))
    }

    /// Starts a pass of the flow after the previous driver (if any) has ended.
    func launch(_ entry: FlowEntry) {
        setStatus(.running)
        let previous = driver
        driver = Task {
            await previous?.value
            await self.drive(entry)
        }
    }

    func drive(_ entry: FlowEntry) async {
        do {
            try await persist()
            try await runPass(entry)
        } catch {
            if Task.isCancelled || error is CancellationError { return }
            let message = (error as? TeamFailure)?.message ?? "the team session stopped: \(error)"
            await fail(message)
        }
    }

    func fail(_ message: String) async {
        record.error = message
        setStatus(.failed)
        emit(.failed(message))
        _ = try? await addNote("The session stopped: \(message)")
        try? await persist()
    }
}
