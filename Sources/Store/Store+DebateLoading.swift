import Core
import Foundation

/// Multi-model runs: loaders and row decoding. Reading a run never reads message text;
/// a model's thread is loaded only when asked for (`debateThread`). Runs on the `Store` actor.
extension Store {
    static let runColumns = """
        id, session_id, kind, prompt, prompt_message_id, status, error, note, master_model, synthesis_message_id,
        summary_model, summary_status, summary_text, summary_error, summary_tokens_in, summary_tokens_out,
        summary_tokens_estimated, summary_latency_ms, summary_cost, created_at, updated_at
        """

    static let entryColumns = """
        id, run_id, position, model, label, status, error, error_stage, thread_session_id,
        initial_prompt_message_id, initial_answer_message_id, debate_prompt_message_id, debate_answer_message_id,
        tokens_in, tokens_out, tokens_estimated, latency_ms, cost, created_at, updated_at
        """

    /// The multi-model run with this id; nil when there is none (or it is another kind of run).
    public func debateRun(id: Int64) throws -> DebateRun? {
        try database().queryFirst("SELECT \(Store.runColumns) FROM runs WHERE id = ?1 AND kind = 'debate'",
                                  [.integer(id)], row: Store.decodeDebateRun)
    }

    /// The run and its entries (no message text).
    public func debateRunDetail(id: Int64) throws -> DebateRunDetail? {
        guard let run = try debateRun(id: id) else { return nil }
        return DebateRunDetail(run: run, entries: try debateEntries(runID: id))
    }

    /// A run's entries by position.
    public func debateEntries(runID: Int64) throws -> [DebateEntry] {
        try database().query("SELECT \(Store.entryColumns) FROM run_entries WHERE run_id = ?1 ORDER BY position",
                             [.integer(runID)], row: Store.decodeDebateEntry)
    }

    /// The multi-model runs held in a session, oldest first.
    public func debateRuns(sessionID: Int64) throws -> [DebateRun] {
        try database().query("""
            SELECT \(Store.runColumns) FROM runs WHERE session_id = ?1 AND kind = 'debate' ORDER BY id
            """, [.integer(sessionID)], row: Store.decodeDebateRun)
    }

    /// One model's thread, loaded now from the store: each stage's prompt and answer.
    /// `modelIndex` is the entry's position (0 for `A`). Nil when the run or entry is unknown.
    public func debateThread(runID: Int64, modelIndex: Int) throws -> DebateThread? {
        guard let entry = try database().queryFirst("""
            SELECT \(Store.entryColumns) FROM run_entries WHERE run_id = ?1 AND position = ?2
            """, [.integer(runID), .integer(Int64(modelIndex))], row: Store.decodeDebateEntry) else { return nil }
        let steps = [
            DebateThread.Step(stage: .initial, prompt: try entry.initialPromptMessageID.flatMap { try message(id: $0) },
                              answer: try entry.initialAnswerMessageID.flatMap { try message(id: $0) }),
            DebateThread.Step(stage: .debate, prompt: try entry.debatePromptMessageID.flatMap { try message(id: $0) },
                              answer: try entry.debateAnswerMessageID.flatMap { try message(id: $0) }),
        ]
        return DebateThread(entry: entry, steps: steps)
    }

    func requireDebateRun(id: Int64) throws -> DebateRun {
        guard let run = try debateRun(id: id) else { throw StoreError(.notFound, message: "there is no debate run \(id)") }
        return run
    }

    func requireDebateEntry(id: Int64) throws -> DebateEntry {
        guard let entry = try database().queryFirst("SELECT \(Store.entryColumns) FROM run_entries WHERE id = ?1",
                                                    [.integer(id)], row: Store.decodeDebateEntry)
        else { throw StoreError(.notFound, message: "there is no run entry \(id)") }
        return entry
    }

    static func decodeDebateRun(_ row: Statement) throws -> DebateRun {
        let id = row.int64(0)
        let status = try decodeRunStatus(row.text(5), id: id)
        guard let master = ModelRef(parsing: row.optionalText(8) ?? "") else {
            throw StoreError(.corrupt, message: "run \(id) has no readable master model")
        }
        let summaryStatusText = row.optionalText(11) ?? RunSummary.Status.pending.rawValue
        guard let summaryStatus = RunSummary.Status(rawValue: summaryStatusText) else {
            throw StoreError(.corrupt, message: "run \(id) has an unknown summary status")
        }
        let tokensIn = row.optionalInt(14)
        let tokensOut = row.optionalInt(15)
        let usage = tokensIn == nil && tokensOut == nil ? nil
            : Usage(inputTokens: tokensIn ?? 0, outputTokens: tokensOut ?? 0, estimated: row.int(16) != 0)
        let summary = RunSummary(model: row.optionalText(10).flatMap { ModelRef(parsing: $0) }, status: summaryStatus,
                                 text: row.optionalText(12), error: row.optionalText(13), usage: usage,
                                 latency: row.optionalInt(17).map { Double($0) / 1000 }, cost: row.optionalDouble(18))
        return DebateRun(id: id, sessionID: row.int64(1), prompt: row.text(3), promptMessageID: row.optionalInt64(4),
                         status: status, error: row.optionalText(6), note: row.optionalText(7), master: master,
                         synthesisMessageID: row.optionalInt64(9), summary: summary,
                         createdAt: Date(timeIntervalSince1970: row.double(19)),
                         updatedAt: Date(timeIntervalSince1970: row.double(20)))
    }

    static func decodeDebateEntry(_ row: Statement) throws -> DebateEntry {
        let id = row.int64(0)
        guard let model = ModelRef(parsing: row.text(3)) else {
            throw StoreError(.corrupt, message: "run entry \(id) has an unreadable model")
        }
        guard let status = DebateEntryStatus(rawValue: row.text(5)) else {
            throw StoreError(.corrupt, message: "run entry \(id) has an unknown status")
        }
        return DebateEntry(id: id, runID: row.int64(1), position: row.int(2), model: model, label: row.text(4),
                           status: status, error: row.optionalText(6),
                           errorStage: row.optionalText(7).flatMap { DebateStage(rawValue: $0) },
                           threadSessionID: row.optionalInt64(8), initialPromptMessageID: row.optionalInt64(9),
                           initialAnswerMessageID: row.optionalInt64(10), debatePromptMessageID: row.optionalInt64(11),
                           debateAnswerMessageID: row.optionalInt64(12),
                           usage: Usage(inputTokens: row.int(13), outputTokens: row.int(14), estimated: row.int(15) != 0),
                           latency: row.optionalInt(16).map { Double($0) / 1000 }, cost: row.optionalDouble(17),
                           createdAt: Date(timeIntervalSince1970: row.double(18)),
                           updatedAt: Date(timeIntervalSince1970: row.double(19)))
    }

    static func decodeRunStatus(_ text: String, id: Int64) throws -> RunStatus {
        guard let status = RunStatus(rawValue: text) else {
            throw StoreError(.corrupt, message: "run \(id) has an unknown status '\(text.prefix(20))'")
        }
        return status
    }
}
