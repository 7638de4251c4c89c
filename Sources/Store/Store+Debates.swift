import Core
import Foundation

/// Multi-model runs: create one with its entries and thread sessions, then record every
/// status change, answer, synthesis and summary as it happens. Runs on the `Store` actor;
/// every method is one write transaction and returns the row as stored.
extension Store {
    /// The speaker stored with the person's prompt.
    public static let personSpeaker = "you"

    /// Creates a run in `sessionID`: the person's prompt as a message of that session, the
    /// `runs` row (`running`, summary `pending`), and per model an entry labelled `A`, `B`, …
    /// (status `initial`) with its own thread session holding the prompt. One transaction.
    public func createDebateRun(sessionID: Int64, prompt: String, models: [ModelRef], master: ModelRef,
                                summaryModel: ModelRef) throws -> DebateRunDetail {
        let at = timestamp()
        let runID = try write { db -> Int64 in
            guard try db.queryFirst("SELECT 1 FROM sessions WHERE id = ?1", [.integer(sessionID)], row: { _ in true }) != nil
            else { throw StoreError(.notFound, message: "there is no session \(sessionID)") }
            let promptID = try Store.insertRawMessage(db, sessionID: sessionID, role: .user, speaker: Store.personSpeaker,
                                                      model: nil, content: prompt, at: at)
            try db.run("""
                INSERT INTO runs (session_id, kind, prompt, prompt_message_id, status, master_model, summary_model,
                                  summary_status, created_at, updated_at)
                VALUES (?1, 'debate', ?2, ?3, 'running', ?4, ?5, 'pending', ?6, ?6)
                """, [.integer(sessionID), .text(prompt), .integer(promptID), .text(master.description),
                      .text(summaryModel.description), .real(at)])
            let runID = db.lastInsertRowID
            for (position, model) in models.enumerated() {
                let label = DebateEntry.label(forPosition: position)
                try db.run("""
                    INSERT INTO sessions (kind, title, created_at, updated_at, metadata)
                    VALUES ('debate', ?1, ?2, ?2, json_object('debate_run', ?3, 'label', ?4, 'parent_session', ?5))
                    """, [.text("run \(runID) · Response \(label)"), .real(at), .integer(runID), .text(label),
                          .integer(sessionID)])
                let threadID = db.lastInsertRowID
                let threadPromptID = try Store.insertRawMessage(db, sessionID: threadID, role: .user,
                                                                speaker: Store.personSpeaker, model: nil,
                                                                content: prompt, at: at)
                try db.run("""
                    INSERT INTO run_entries (run_id, position, model, label, status, thread_session_id,
                                             initial_prompt_message_id, created_at, updated_at)
                    VALUES (?1, ?2, ?3, ?4, 'initial', ?5, ?6, ?7, ?7)
                    """, [.integer(runID), .integer(Int64(position)), .text(model.description), .text(label),
                          .integer(threadID), .integer(threadPromptID), .real(at)])
            }
            return runID
        }
        guard let detail = try debateRunDetail(id: runID) else {
            throw StoreError(.notFound, message: "run \(runID) vanished after it was created")
        }
        return detail
    }

    /// Sets an entry's status. `error` and `stage` are kept only for `.error` (cleared otherwise).
    @discardableResult
    public func setDebateEntryStatus(entryID: Int64, status: DebateEntryStatus, error: String? = nil,
                                     stage: DebateStage? = nil) throws -> DebateEntry {
        let at = timestamp()
        let isError = status == .error
        try write { db in
            try db.run("UPDATE run_entries SET status = ?1, error = ?2, error_stage = ?3, updated_at = ?4 WHERE id = ?5",
                       [.text(status.rawValue), isError ? .string(error) : .null,
                        isError ? .string(stage?.rawValue) : .null, .real(at), .integer(entryID)])
            try Store.requireChange(db, "run entry \(entryID)")
        }
        return try requireDebateEntry(id: entryID)
    }

    /// Records the message asking a model to revise (the debate prompt in its thread).
    @discardableResult
    public func setDebatePrompt(entryID: Int64, messageID: Int64) throws -> DebateEntry {
        let at = timestamp()
        try write { db in
            try db.run("UPDATE run_entries SET debate_prompt_message_id = ?1, updated_at = ?2 WHERE id = ?3",
                       [.integer(messageID), .real(at), .integer(entryID)])
            try Store.requireChange(db, "run entry \(entryID)")
        }
        return try requireDebateEntry(id: entryID)
    }

    /// Records a stage's answer (its id, and its tokens, latency and cost added to the
    /// entry's totals) and the entry's new status, in one transaction.
    @discardableResult
    public func recordDebateAnswer(entryID: Int64, stage: DebateStage, answer: StoredMessage,
                                   status: DebateEntryStatus, error: String? = nil) throws -> DebateEntry {
        let at = timestamp()
        let isError = status == .error
        let column = stage == .initial ? "initial_answer_message_id" : "debate_answer_message_id"
        try write { db in
            try db.run("""
                UPDATE run_entries SET \(column) = ?1, status = ?2, error = ?3, error_stage = ?4,
                    tokens_in = tokens_in + ?5, tokens_out = tokens_out + ?6,
                    tokens_estimated = max(tokens_estimated, ?7),
                    latency_ms = CASE WHEN ?8 IS NULL THEN latency_ms ELSE coalesce(latency_ms, 0) + ?8 END,
                    cost = CASE WHEN ?9 IS NULL THEN cost ELSE coalesce(cost, 0) + ?9 END,
                    updated_at = ?10
                WHERE id = ?11
                """, [.integer(answer.id), .text(status.rawValue), isError ? .string(error) : .null,
                      isError ? .text(stage.rawValue) : .null, .integer(Int64(answer.usage?.inputTokens ?? 0)),
                      .integer(Int64(answer.usage?.outputTokens ?? 0)), .bool(answer.usage?.estimated ?? false),
                      .int(Store.milliseconds(answer.latency)), .double(answer.cost), .real(at), .integer(entryID)])
            try Store.requireChange(db, "run entry \(entryID)")
        }
        return try requireDebateEntry(id: entryID)
    }

    /// Sets a run's status; `error` is replaced, `note` kept when nil.
    @discardableResult
    public func setDebateRunStatus(runID: Int64, status: RunStatus, error: String? = nil,
                                   note: String? = nil) throws -> DebateRun {
        try updateRunStatus(runID: runID, status: status, error: error, note: note)
        return try requireDebateRun(id: runID)
    }

    /// Records the synthesis message of a run.
    @discardableResult
    public func setDebateSynthesis(runID: Int64, messageID: Int64) throws -> DebateRun {
        let at = timestamp()
        try write { db in
            try db.run("UPDATE runs SET synthesis_message_id = ?1, updated_at = ?2 WHERE id = ?3",
                       [.integer(messageID), .real(at), .integer(runID)])
            try Store.requireChange(db, "run \(runID)")
        }
        return try requireDebateRun(id: runID)
    }

    /// Replaces a run's summary (model, status, text, error and figures).
    @discardableResult
    public func setDebateSummary(runID: Int64, _ summary: RunSummary) throws -> DebateRun {
        let at = timestamp()
        try write { db in
            try db.run("""
                UPDATE runs SET summary_model = ?1, summary_status = ?2, summary_text = ?3, summary_error = ?4,
                    summary_tokens_in = ?5, summary_tokens_out = ?6, summary_tokens_estimated = ?7,
                    summary_latency_ms = ?8, summary_cost = ?9, updated_at = ?10
                WHERE id = ?11
                """, [.string(summary.model?.description), .text(summary.status.rawValue), .string(summary.text),
                      .string(summary.error), .int(summary.usage?.inputTokens), .int(summary.usage?.outputTokens),
                      .bool(summary.usage?.estimated ?? false), .int(Store.milliseconds(summary.latency)),
                      .double(summary.cost), .real(at), .integer(runID)])
            try Store.requireChange(db, "run \(runID)")
        }
        return try requireDebateRun(id: runID)
    }
}
