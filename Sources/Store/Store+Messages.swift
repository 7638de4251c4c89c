import Core
import Foundation

/// Messages: insert, append, finish, read and page. Runs on the `Store` actor.
extension Store {
    static let messageColumns = """
        id, session_id, role, speaker, model, content, status, error, tokens_in, tokens_out,
        tokens_estimated, latency_ms, ttft_ms, cost, created_at, updated_at
        """

    static let appendSQL = """
        UPDATE messages SET content = content || ?1, status = 'streaming', updated_at = ?2
        WHERE id = ?3 AND status IN ('streaming', 'interrupted')
        """

    /// Adds a message to a session (which becomes the most recently active). A message
    /// inserted with a terminal status is searchable at once; a `streaming` one when it ends.
    public func insertMessage(sessionID: Int64, role: ChatRole, speaker: String, model: String? = nil,
                              content: String = "", status: MessageStatus = .complete) throws -> StoredMessage {
        let at = timestamp()
        let id = try write { db -> Int64? in
            guard try db.queryFirst("SELECT 1 FROM sessions WHERE id = ?1", [.integer(sessionID)], row: { _ in true }) != nil
            else { return nil }
            try db.run("""
                INSERT INTO messages (session_id, role, speaker, model, content, status, created_at, updated_at)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)
                """, [.integer(sessionID), .text(role.rawValue), .text(speaker), .string(model),
                      .text(content), .text(status.rawValue), .real(at)])
            let id = db.lastInsertRowID
            try db.run("UPDATE sessions SET updated_at = max(updated_at, ?1) WHERE id = ?2", [.real(at), .integer(sessionID)])
            return id
        }
        guard let id else { throw StoreError(.notFound, message: "there is no session \(sessionID)") }
        let date = Date(timeIntervalSince1970: at)
        return StoredMessage(id: id, sessionID: sessionID, role: role, speaker: speaker, model: model, content: content,
                             status: status, createdAt: date, updatedAt: date)
    }

    /// Inserts a `streaming` message and returns the writer that will stream its text.
    public func startStreamingMessage(sessionID: Int64, role: ChatRole = .assistant, speaker: String,
                                      model: String? = nil) throws -> MessageStreamWriter {
        let message = try insertMessage(sessionID: sessionID, role: role, speaker: speaker, model: model,
                                        content: "", status: .streaming)
        return MessageStreamWriter(store: self, messageID: message.id)
    }

    /// A writer for an existing streaming message (see `MessageStreamWriter`).
    public nonisolated func streamWriter(messageID: Int64) -> MessageStreamWriter {
        MessageStreamWriter(store: self, messageID: messageID)
    }

    /// Appends text to a streaming message now, in its own transaction. Streams should use
    /// a `MessageStreamWriter`, which batches; do not mix both on one message. Returns false
    /// when the message does not exist or has already finished.
    @discardableResult
    public func appendContent(messageID: Int64, text: String) throws -> Bool {
        let at = timestamp()
        return try write { db in
            try db.run(Store.appendSQL, [.text(text), .real(at), .integer(messageID)])
            return db.changes > 0
        }
    }

    /// Ends a message: sets its terminal status, error text, token counts, timings and
    /// cost, and, when `content` is given, replaces its text. Buffered writer text (of every
    /// stream) is written first in the same transaction, and the message's writer accepts
    /// no more text. Nil arguments keep what is stored, except `error`, which is replaced.
    @discardableResult
    public func finishMessage(id: Int64, status: MessageStatus, content: String? = nil, error: String? = nil,
                              usage: Usage? = nil, latency: Double? = nil, timeToFirstToken: Double? = nil,
                              cost: Double? = nil) throws -> StoredMessage {
        guard status.isTerminal else {
            throw StoreError(.invalidArgument, message: "a message cannot finish as 'streaming'")
        }
        let at = timestamp()
        let batch = pending.take(closing: id)
        let finished: StoredMessage?
        do {
            finished = try write { db -> StoredMessage? in
                try Store.applyAppends(batch, db, at: at)
                try db.run("""
                    UPDATE messages SET status = ?1, error = ?2, content = coalesce(?3, content),
                        tokens_in = coalesce(?4, tokens_in), tokens_out = coalesce(?5, tokens_out),
                        tokens_estimated = coalesce(?6, tokens_estimated), latency_ms = coalesce(?7, latency_ms),
                        ttft_ms = coalesce(?8, ttft_ms), cost = coalesce(?9, cost), updated_at = ?10
                    WHERE id = ?11
                    """, [.text(status.rawValue), .string(error), .string(content), .int(usage?.inputTokens),
                          .int(usage?.outputTokens), usage.map { .bool($0.estimated) } ?? .null,
                          .int(Store.milliseconds(latency)), .int(Store.milliseconds(timeToFirstToken)),
                          .double(cost), .real(at), .integer(id)])
                guard db.changes > 0 else { return nil }
                try db.run("""
                    UPDATE sessions SET updated_at = max(updated_at, ?1)
                    WHERE id = (SELECT session_id FROM messages WHERE id = ?2)
                    """, [.real(at), .integer(id)])
                return try db.queryFirst("SELECT \(Store.messageColumns) FROM messages WHERE id = ?1",
                                         [.integer(id)], row: Store.decodeMessage)
            }
        } catch {
            let storeError = error as? StoreError ?? StoreError(code: 1, message: "\(error)")
            if pending.restore(batch, error: storeError, reopening: id) { scheduleFlush(now: false) }
            throw error
        }
        pending.recordSuccess()
        guard let finished else { throw StoreError(.notFound, message: "there is no message \(id)") }
        return finished
    }

    /// One message, if it exists.
    public func message(id: Int64) throws -> StoredMessage? {
        try database().queryFirst("SELECT \(Store.messageColumns) FROM messages WHERE id = ?1",
                                  [.integer(id)], row: Store.decodeMessage)
    }

    /// A page of a session's messages, oldest to newest: the `limit` messages just before
    /// `beforeID` (or the newest ones). Page back by passing the first id of this page.
    public func messages(sessionID: Int64, limit: Int = 100, beforeID: Int64? = nil) throws -> [StoredMessage] {
        let page = try database().query("""
            SELECT \(Store.messageColumns) FROM messages
            WHERE session_id = ?1 AND id < ?2 ORDER BY id DESC LIMIT ?3
            """, [.integer(sessionID), .integer(beforeID ?? Int64.max), .integer(Int64(max(0, limit)))],
            row: Store.decodeMessage)
        return page.reversed()
    }

    static func applyAppends(_ batch: [(id: Int64, text: String)], _ db: Connection, at: Double) throws {
        for entry in batch {
            try db.run(appendSQL, [.text(entry.text), .real(at), .integer(entry.id)])
        }
    }

    static func milliseconds(_ seconds: Double?) -> Int? {
        guard let seconds, seconds.isFinite, abs(seconds) < 1e12 else { return nil }
        return Int((seconds * 1000).rounded())
    }

    static func decodeMessage(_ row: Statement) throws -> StoredMessage {
        let id = row.int64(0)
        guard let role = ChatRole(rawValue: row.text(2)) else {
            throw StoreError(.corrupt, message: "message \(id) has an unknown role")
        }
        guard let status = MessageStatus(rawValue: row.text(6)) else {
            throw StoreError(.corrupt, message: "message \(id) has an unknown status")
        }
        let tokensIn = row.optionalInt(8)
        let tokensOut = row.optionalInt(9)
        let usage = (tokensIn == nil && tokensOut == nil) ? nil
            : Usage(inputTokens: tokensIn ?? 0, outputTokens: tokensOut ?? 0, estimated: row.int(10) != 0)
        return StoredMessage(id: id, sessionID: row.int64(1), role: role, speaker: row.text(3),
                             model: row.optionalText(4), content: row.text(5), status: status,
                             error: row.optionalText(7), usage: usage,
                             latency: row.optionalInt(11).map { Double($0) / 1000 },
                             timeToFirstToken: row.optionalInt(12).map { Double($0) / 1000 },
                             cost: row.optionalDouble(13),
                             createdAt: Date(timeIntervalSince1970: row.double(14)),
                             updatedAt: Date(timeIntervalSince1970: row.double(15)))
    }
}
