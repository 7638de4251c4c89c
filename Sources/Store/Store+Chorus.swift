import Core
import Foundation

/// Chorus run groups: create a group with its session, prompt and queued artist runs, then
/// record each run's attempts, answer, brush call and outcome. Runs on the `Store` actor;
/// every method is one write transaction and returns the row as stored.
extension Store {
    /// Creates a group: a `chorus` session titled `title` holding the prompt, the `runs` row
    /// (`running`), the group's prompt version, SHA-256, format instruction, brush and
    /// budget, and one `queued` run per artist (a copy of the artist as it is now).
    public func createChorusGroup(title: String, promptVersion: String, prompt: String, promptSHA256: String,
                                  systemPrompt: String, brush: BrushSettings, budget: Double?, estimatedCost: Double?,
                                  artists: [Artist]) throws -> ChorusGroupDetail {
        let parameters = try Store.jsonText(brush.parameters)
        let at = timestamp()
        let groupID = try write { db -> Int64 in
            try db.run("INSERT INTO sessions (kind, title, created_at, updated_at) VALUES ('chorus', ?1, ?2, ?2)",
                       [.text(title), .real(at)])
            let sessionID = db.lastInsertRowID
            let promptID = try Store.insertRawMessage(db, sessionID: sessionID, role: .user, speaker: Store.personSpeaker,
                                                      model: nil, content: prompt, at: at)
            try db.run("""
                INSERT INTO runs (session_id, kind, prompt, prompt_message_id, status, created_at, updated_at)
                VALUES (?1, 'chorus', ?2, ?3, 'running', ?4, ?4)
                """, [.integer(sessionID), .text(prompt), .integer(promptID), .real(at)])
            let groupID = db.lastInsertRowID
            try db.run("""
                INSERT INTO chorus_groups (run_id, prompt_version, prompt_sha256, system_prompt, brush_workflow,
                                           brush_negative, brush_parameters, budget, estimated_cost)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                """, [.integer(groupID), .text(promptVersion), .text(promptSHA256), .text(systemPrompt),
                      .text(brush.workflowID), .text(brush.negativePrompt), .text(parameters), .double(budget),
                      .double(estimatedCost)])
            for (position, artist) in artists.enumerated() {
                try db.run("""
                    INSERT INTO chorus_runs (group_id, position, artist_slug, artist_model, artist_name, temperature,
                                             max_tokens, status, created_at, updated_at)
                    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'queued', ?8, ?8)
                    """, [.integer(groupID), .integer(Int64(position)), .text(artist.slug),
                          .text(artist.model.description), .text(artist.displayName), .double(artist.temperature),
                          .int(artist.maxTokens), .real(at)])
            }
            return groupID
        }
        guard let detail = try chorusGroupDetail(id: groupID) else {
            throw StoreError(.notFound, message: "group \(groupID) vanished after it was created")
        }
        return detail
    }

    /// Starts an attempt: `generating` at the `artist` stage, one more attempt, no error.
    @discardableResult
    public func beginChorusAttempt(runID: Int64) throws -> ChorusRun {
        try updateChorusRun(runID, """
            status = 'generating', stage = 'artist', error = NULL, attempts = attempts + 1
            """, [])
    }

    /// Sets a run's status and stage. `error` is kept only for `failed`; `messageID`, when
    /// given, names the artist's (last) answer.
    @discardableResult
    public func setChorusRunStatus(runID: Int64, status: ChorusRunStatus, stage: ChorusStage?, error: String? = nil,
                                   messageID: Int64? = nil) throws -> ChorusRun {
        try updateChorusRun(runID, "status = ?1, stage = ?2, error = ?3, message_id = coalesce(?4, message_id)",
                            [.text(status.rawValue), .string(stage?.rawValue),
                             status == .failed ? .string(error) : .null, .int64(messageID)])
    }

    /// Records the artist's answer as parsed, with the artist stage's figures (from the
    /// stored message), and moves the run to the `brush` stage.
    @discardableResult
    public func recordChorusAnswer(runID: Int64, message: StoredMessage, statement: String, imagePrompt: String,
                                   warnings: [String]) throws -> ChorusRun {
        try updateChorusRun(runID, """
            stage = 'brush', message_id = ?1, statement = ?2, image_prompt = ?3, warnings = ?4,
            artist_tokens_in = ?5, artist_tokens_out = ?6, artist_tokens_estimated = ?7, artist_latency_ms = ?8,
            artist_cost = ?9
            """, [.integer(message.id), .text(statement), .text(imagePrompt), .text(try Store.jsonText(warnings)),
                  .int(message.usage?.inputTokens), .int(message.usage?.outputTokens),
                  .bool(message.usage?.estimated ?? false), .int(Store.milliseconds(message.latency)),
                  .double(message.cost)])
    }

    /// Records the brush call's result: the generation, its figures, and `done`.
    @discardableResult
    public func recordChorusBrush(runID: Int64, generationID: Int64, latency: Double?, cost: Double?) throws -> ChorusRun {
        try updateChorusRun(runID, """
            status = 'done', stage = 'brush', error = NULL, generation_id = ?1, brush_latency_ms = ?2, brush_cost = ?3
            """, [.integer(generationID), .int(Store.milliseconds(latency)), .double(cost)])
    }

    /// Puts a group's `failed` runs back in the queue (their last result cleared, their
    /// attempt count kept) and the group back to `running`. Returns the runs re-queued.
    public func requeueFailedChorusRuns(groupID: Int64) throws -> [ChorusRun] {
        let at = timestamp()
        let ids = try write { db -> [Int64] in
            let ids = try db.query("SELECT id FROM chorus_runs WHERE group_id = ?1 AND status = 'failed' ORDER BY position",
                                   [.integer(groupID)]) { $0.int64(0) }
            guard !ids.isEmpty else { return ids }
            try db.run("""
                UPDATE chorus_runs SET status = 'queued', stage = NULL, error = NULL, warnings = '[]', message_id = NULL,
                    statement = NULL, image_prompt = NULL, generation_id = NULL, artist_tokens_in = NULL,
                    artist_tokens_out = NULL, artist_tokens_estimated = 0, artist_latency_ms = NULL, artist_cost = NULL,
                    brush_latency_ms = NULL, brush_cost = NULL, updated_at = ?1
                WHERE group_id = ?2 AND status = 'failed'
                """, [.real(at), .integer(groupID)])
            try db.run("UPDATE runs SET status = 'running', error = NULL, note = NULL, updated_at = ?1 WHERE id = ?2",
                       [.real(at), .integer(groupID)])
            return ids
        }
        return try ids.compactMap { try chorusRun(id: $0) }
    }

    /// Sets a group's status; `error` is replaced, `note` kept when nil.
    @discardableResult
    public func setChorusGroupStatus(groupID: Int64, status: RunStatus, error: String? = nil,
                                     note: String? = nil) throws -> ChorusGroup {
        try updateRunStatus(runID: groupID, status: status, error: error, note: note)
        guard let group = try chorusGroup(id: groupID) else {
            throw StoreError(.notFound, message: "there is no chorus group \(groupID)")
        }
        return group
    }

    /// Deletes a group with its session, messages, runs and the generations its runs asked
    /// for (assets included). Returns the asset paths that were recorded, so the caller can
    /// remove the files; nil when there was no such group.
    @discardableResult
    public func deleteChorusGroup(id: Int64) throws -> [String]? {
        try write { db -> [String]? in
            guard let sessionID = try db.queryFirst("SELECT session_id FROM runs WHERE id = ?1 AND kind = 'chorus'",
                                                    [.integer(id)], row: { $0.int64(0) }) else { return nil }
            let generationFilter = """
                source_kind = 'chorus' AND source_id IN (SELECT id FROM chorus_runs WHERE group_id = ?1)
                """
            let paths = try db.query("""
                SELECT path FROM assets WHERE generation_id IN (SELECT id FROM generations WHERE \(generationFilter))
                ORDER BY id
                """, [.integer(id)]) { $0.text(0) }
            try db.run("DELETE FROM generations WHERE \(generationFilter)", [.integer(id)])
            try db.run("DELETE FROM sessions WHERE id = ?1", [.integer(sessionID)])
            return paths
        }
    }

    private func updateChorusRun(_ runID: Int64, _ assignments: String, _ values: [SQLValue]) throws -> ChorusRun {
        let at = timestamp()
        let count = values.count
        try write { db in
            try db.run("UPDATE chorus_runs SET \(assignments), updated_at = ?\(count + 1) WHERE id = ?\(count + 2)",
                       values + [.real(at), .integer(runID)])
            try Store.requireChange(db, "chorus run \(runID)")
        }
        guard let run = try chorusRun(id: runID) else { throw StoreError(.notFound, message: "there is no chorus run \(runID)") }
        return run
    }

    static func jsonText<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return String(decoding: try encoder.encode(value), as: UTF8.self)
        } catch {
            throw StoreError(.invalidArgument, message: "cannot encode a value as JSON: \(error)")
        }
    }
}
