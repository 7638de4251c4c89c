import Core
import Foundation

/// The generation columns added by migration 4 and the steps the ComfyUI layer takes a
/// generation through: prompts set (and edited) while it is not out for rendering, the
/// graph and parameters archived when it is prepared, each submission counted, running
/// and finished times, notes for the person. Runs on the `Store` actor.
extension Store {
    /// The row with its prompts, notes, timings and assets; nil when there is no such generation.
    public func generationDetails(id: Int64) throws -> GenerationDetails? {
        let db = try database()
        let found = try db.queryFirst("""
            SELECT \(Store.generationColumns), idea, interception, notes, attempts, started_at, finished_at
            FROM generations WHERE id = ?1
            """, [.integer(id)]) { row -> GenerationDetails in
            let notesText = row.text(17)
            let notes = (try? JSONDecoder().decode([String].self, from: Data(notesText.utf8))) ?? []
            return GenerationDetails(generation: try Store.decodeGeneration(row), idea: row.optionalText(15),
                                     interception: row.optionalText(16), notes: notes, attempts: row.int(18),
                                     startedAt: row.optionalDouble(19).map { Date(timeIntervalSince1970: $0) },
                                     finishedAt: row.optionalDouble(20).map { Date(timeIntervalSince1970: $0) })
        }
        guard var details = found else { return nil }
        details.assets = try assets(generationID: id)
        return details
    }

    /// Sets the prompts of a generation that is not out for rendering (pending, failed or
    /// cancelled): the idea, the interception result and the prompt to send with its
    /// negative. Nil keeps what is stored. Throws `invalidArgument` for a queued, running or
    /// complete generation (what was sent must stay what is recorded).
    @discardableResult
    public func setGenerationPrompts(id: Int64, idea: String? = nil, interception: String? = nil,
                                     positive: String? = nil, negative: String? = nil) throws -> StoredGeneration {
        let at = timestamp()
        try write { db in
            let status = try db.queryFirst("SELECT status FROM generations WHERE id = ?1", [.integer(id)]) { $0.text(0) }
            guard let status else { throw StoreError(.notFound, message: "there is no generation \(id)") }
            guard ["pending", "failed", "cancelled"].contains(status) else {
                throw StoreError(.invalidArgument,
                                 message: "generation \(id) is \(status); only a pending, failed or cancelled generation can be edited")
            }
            try db.run("""
                UPDATE generations SET idea = coalesce(?1, idea), interception = coalesce(?2, interception),
                    positive = coalesce(?3, positive), negative = coalesce(?4, negative), updated_at = ?5
                WHERE id = ?6
                """, [.string(idea), .string(interception), .string(positive), .string(negative), .real(at), .integer(id)])
        }
        return try requireGeneration(id: id)
    }

    /// Archives what is about to be sent: the parameters as applied (a JSON object text)
    /// and the API graph.
    public func setGenerationGraph(id: Int64, parametersJSON: String, workflowJSON: String) throws {
        let at = timestamp()
        try write { db in
            guard try db.queryFirst("SELECT CASE WHEN json_valid(?1) THEN json_type(?1) = 'object' ELSE 0 END",
                                    [.text(parametersJSON)], row: { $0.int(0) == 1 }) == true
            else { throw StoreError(.invalidArgument, message: "generation parameters must be a JSON object") }
            try db.run("UPDATE generations SET parameters = ?1, workflow_json = ?2, updated_at = ?3 WHERE id = ?4",
                       [.text(parametersJSON), .text(workflowJSON), .real(at), .integer(id)])
            try Store.requireChange(db, "generation \(id)")
        }
    }

    /// Puts a generation (back) in the queue before it is sent: `queued`, progress 0, no
    /// error, no finish time. Used for the first send and for sending a failed one again.
    @discardableResult
    public func requeueGeneration(id: Int64) throws -> StoredGeneration {
        let at = timestamp()
        try write { db in
            try db.run("""
                UPDATE generations SET status = 'queued', progress = 0, error = NULL, started_at = NULL,
                    finished_at = NULL, updated_at = ?1 WHERE id = ?2
                """, [.real(at), .integer(id)])
            try Store.requireChange(db, "generation \(id)")
        }
        return try requireGeneration(id: id)
    }

    /// Records one submission to ComfyUI: the prompt id, one more attempt, status `queued`.
    @discardableResult
    public func recordGenerationSubmission(id: Int64, promptID: String) throws -> StoredGeneration {
        let at = timestamp()
        try write { db in
            try db.run("""
                UPDATE generations SET status = 'queued', comfy_prompt_id = ?1, attempts = attempts + 1, updated_at = ?2
                WHERE id = ?3
                """, [.text(promptID), .real(at), .integer(id)])
            try Store.requireChange(db, "generation \(id)")
        }
        return try requireGeneration(id: id)
    }

    /// Marks a generation running with its overall progress (clamped to 0…1); the first call
    /// of a send sets the start time.
    @discardableResult
    public func markGenerationRunning(id: Int64, progress: Double) throws -> StoredGeneration {
        let at = timestamp()
        let clamped = progress.isFinite ? min(1, max(0, progress)) : 0
        try write { db in
            try db.run("""
                UPDATE generations SET status = 'running', progress = ?1, started_at = coalesce(started_at, ?2), updated_at = ?2
                WHERE id = ?3
                """, [.real(clamped), .real(at), .integer(id)])
            try Store.requireChange(db, "generation \(id)")
        }
        return try requireGeneration(id: id)
    }

    /// Ends a generation: a terminal status, the error for `failed`/`cancelled` (ignored for
    /// `complete`, which also sets progress to 1), and the finish time. Throws
    /// `invalidArgument` for a status that is not terminal.
    @discardableResult
    public func finishGeneration(id: Int64, status: StoredGeneration.Status, error: String? = nil) throws -> StoredGeneration {
        guard status.isTerminal else {
            throw StoreError(.invalidArgument, message: "finishGeneration needs a terminal status, not \(status.rawValue)")
        }
        let at = timestamp()
        let succeeded = status == .complete
        try write { db in
            try db.run("""
                UPDATE generations SET status = ?1, error = ?2, progress = CASE WHEN ?3 THEN 1 ELSE progress END,
                    finished_at = ?4, updated_at = ?4 WHERE id = ?5
                """, [.text(status.rawValue), .string(succeeded ? nil : error), .bool(succeeded), .real(at), .integer(id)])
            try Store.requireChange(db, "generation \(id)")
        }
        return try requireGeneration(id: id)
    }

    /// Appends one line to a generation's notes.
    public func addGenerationNote(id: Int64, _ note: String) throws {
        let at = timestamp()
        try write { db in
            try db.run("UPDATE generations SET notes = json_insert(notes, '$[#]', ?1), updated_at = ?2 WHERE id = ?3",
                       [.text(note), .real(at), .integer(id)])
            try Store.requireChange(db, "generation \(id)")
        }
    }
}
