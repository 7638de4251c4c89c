import Core
import Foundation

/// Every kind of run at once: the cheap listing behind `atelier runs list`, the kind of an
/// id (for `runs show`), recovery of runs a dead process left unfinished, deletion, and the
/// session list without debate thread sessions. Runs on the `Store` actor.
extension Store {
    /// Runs newest first, paged: one query, with counts and cost from indexed subqueries
    /// and no message text.
    public func runs(limit: Int = 50, offset: Int = 0) throws -> [RunListItem] {
        try database().query("""
            SELECT r.id, r.kind, r.session_id, substr(r.prompt, 1, 120), r.status,
                CASE r.kind WHEN 'debate' THEN (SELECT count(*) FROM run_entries e WHERE e.run_id = r.id)
                    ELSE (SELECT count(*) FROM chorus_runs c WHERE c.group_id = r.id) END,
                CASE r.kind WHEN 'debate' THEN (SELECT count(*) FROM run_entries e WHERE e.run_id = r.id AND e.status = 'complete')
                    ELSE (SELECT count(*) FROM chorus_runs c WHERE c.group_id = r.id AND c.status = 'done') END,
                CASE r.kind WHEN 'debate' THEN (SELECT count(*) FROM run_entries e WHERE e.run_id = r.id AND e.status = 'error')
                    ELSE (SELECT count(*) FROM chorus_runs c WHERE c.group_id = r.id AND c.status = 'failed') END,
                CASE r.kind WHEN 'debate' THEN (SELECT sum(v) FROM (
                        SELECT cost AS v FROM run_entries WHERE run_id = r.id
                        UNION ALL SELECT r.summary_cost
                        UNION ALL SELECT cost FROM messages WHERE id = r.synthesis_message_id))
                    ELSE (SELECT sum(v) FROM (
                        SELECT artist_cost AS v FROM chorus_runs WHERE group_id = r.id
                        UNION ALL SELECT brush_cost FROM chorus_runs WHERE group_id = r.id)) END,
                r.created_at, r.updated_at
            FROM runs r ORDER BY r.created_at DESC, r.id DESC LIMIT ?1 OFFSET ?2
            """, [.integer(Int64(max(0, limit))), .integer(Int64(max(0, offset)))]) { row in
            let id = row.int64(0)
            guard let kind = RunKind(rawValue: row.text(1)) else {
                throw StoreError(.corrupt, message: "run \(id) has an unknown kind")
            }
            return RunListItem(id: id, kind: kind, sessionID: row.int64(2), promptPreview: row.text(3),
                               status: try Store.decodeRunStatus(row.text(4), id: id), total: row.int(5),
                               succeeded: row.int(6), failed: row.int(7), cost: row.optionalDouble(8),
                               createdAt: Date(timeIntervalSince1970: row.double(9)),
                               updatedAt: Date(timeIntervalSince1970: row.double(10)))
        }
    }

    /// The kind of the run with this id, nil when there is none.
    public func runKind(id: Int64) throws -> RunKind? {
        try database().queryFirst("SELECT kind FROM runs WHERE id = ?1", [.integer(id)]) { RunKind(rawValue: $0.text(0)) }
            ?? nil
    }

    /// Marks every unfinished run whose writer is gone (see `WriterRegistry`) `interrupted`:
    /// its models still working `error` ("interrupted…", at the stage they were in), a
    /// summary not yet made `error`, and its queued or generating artist runs `failed`. Call
    /// once when the studio or a verb starts, as message recovery does at open; a run that a
    /// live process or store is driving is left alone. Returns how many runs were marked.
    @discardableResult
    public func recoverInterruptedRuns() throws -> Int {
        let at = timestamp()
        let reason = "interrupted: Atelier stopped before this finished"
        return try write { db in
            try WriterRegistry.pruneGone(db)
            let unfinished = "SELECT id FROM runs WHERE status IN ('running', 'synthesizing') AND \(WriterRegistry.writerGone)"
            try db.run("""
                UPDATE run_entries SET status = 'error', error = ?1,
                    error_stage = CASE status WHEN 'initial' THEN 'initial' ELSE 'debate' END, updated_at = ?2
                WHERE status IN ('initial', 'debate') AND run_id IN (\(unfinished))
                """, [.text(reason), .real(at)])
            try db.run("""
                UPDATE chorus_runs SET status = 'failed', error = ?1, updated_at = ?2
                WHERE status IN ('queued', 'generating') AND group_id IN (\(unfinished))
                """, [.text(reason), .real(at)])
            try db.run("""
                UPDATE runs SET summary_status = 'error', summary_error = ?1
                WHERE summary_status IN ('pending', 'running') AND id IN (\(unfinished))
                """, [.text(reason)])
            try db.run("""
                UPDATE runs SET status = 'interrupted', updated_at = ?1
                WHERE status IN ('running', 'synthesizing') AND \(WriterRegistry.writerGone)
                """, [.real(at)])
            return db.changes
        }
    }

    /// Deletes a multi-model run with its entries and thread sessions (the main session and
    /// its prompt and synthesis messages stay). False when there was no such run.
    @discardableResult
    public func deleteDebateRun(id: Int64) throws -> Bool {
        try write { db in
            try db.run("DELETE FROM runs WHERE id = ?1 AND kind = 'debate'", [.integer(id)])
            return db.changes > 0
        }
    }

    /// Sessions by most recent activity, like `sessions(limit:offset:)`, without the thread
    /// sessions of multi-model runs (each model's private thread, reached through its run).
    public func topLevelSessions(limit: Int = 50, offset: Int = 0) throws -> [Session] {
        try database().query("""
            SELECT \(Store.sessionColumns) FROM sessions WHERE json_extract(metadata, '$.debate_run') IS NULL
            ORDER BY updated_at DESC, id DESC LIMIT ?1 OFFSET ?2
            """, [.integer(Int64(max(0, limit))), .integer(Int64(max(0, offset)))], row: Store.decodeSession)
    }
}
