import Core

/// Streams the text of one `streaming` message into the store cheaply.
///
/// `append` only adds the text to an in-memory buffer shared by every writer of the store
/// (no await, no I/O, a short lock); the store writes all buffered text in one transaction
/// at least every 250 ms after the first unwritten append, or as soon as 4 KiB wait, and
/// before `finish`/`fail`. A crash therefore loses at most the last ~250 ms of text, and
/// the next open marks the message `interrupted`. A failed flush keeps the text buffered,
/// retries it, and reports the error through `lastFlushError` and the next `flush`,
/// `finish` or `fail`.
///
/// Who calls it: the one task that consumes the model's stream calls `append` for each
/// piece, then exactly one of `finish`/`fail` after its last append. It is `Sendable`
/// (other tasks may hold it and call `flush`), but appends from several tasks at once have
/// no defined order. Appends after `finish`/`fail` are ignored.
public final class MessageStreamWriter: Sendable {
    public let messageID: Int64
    public let store: Store

    init(store: Store, messageID: Int64) {
        self.store = store
        self.messageID = messageID
    }

    /// Buffers a piece of text; returns at once.
    public func append(_ text: String) {
        switch store.pending.append(text, to: messageID) {
        case .none: break
        case .flushAfterInterval: store.scheduleFlush(now: false)
        case .flushNow: store.scheduleFlush(now: true)
        }
    }

    /// Writes everything buffered (by every writer of the store) now.
    public func flush() async throws {
        try await store.flushPendingAppends()
    }

    /// The error of the last failed flush, nil once a flush succeeds.
    public var lastFlushError: StoreError? { store.lastFlushError }

    /// Writes the buffered text and marks the message `complete` with its figures.
    @discardableResult
    public func finish(usage: Usage? = nil, latency: Double? = nil, timeToFirstToken: Double? = nil,
                       cost: Double? = nil) async throws -> StoredMessage {
        try await store.finishMessage(id: messageID, status: .complete, usage: usage, latency: latency,
                                      timeToFirstToken: timeToFirstToken, cost: cost)
    }

    /// Writes the buffered text and marks the message `complete` with a provider's figures.
    @discardableResult
    public func finish(_ completion: ChatCompletion, cost: Double? = nil) async throws -> StoredMessage {
        try await finish(usage: completion.usage, latency: completion.latency,
                         timeToFirstToken: completion.timeToFirstToken, cost: cost)
    }

    /// Writes the buffered text (the partial reply is kept) and marks the message `error`
    /// (or `interrupted`, for a cancellation) with a one-line reason.
    @discardableResult
    public func fail(_ reason: String, status: MessageStatus = .error, usage: Usage? = nil,
                     latency: Double? = nil, timeToFirstToken: Double? = nil) async throws -> StoredMessage {
        let final: MessageStatus = status == .complete || status == .streaming ? .error : status
        return try await store.finishMessage(id: messageID, status: final, error: reason, usage: usage,
                                             latency: latency, timeToFirstToken: timeToFirstToken)
    }
}
