import Core
import Foundation

/// Team sessions: the flow's state row, the phase log and the spec versions. Runs on the
/// `Store` actor. Times are the caller's (the engine injects its clock) so a session
/// reloads exactly as it was written.
extension Store {
    static let teamColumns = """
        session_id, request, phase, status, round, review_count, iteration, models, settings,
        current_spec_version, handled_message_id, options, error, created_at, updated_at
        """

    /// Creates a `team` session and its state row (status `idle`, phase `ideation`) in one
    /// transaction. `models` should name every role; the engine fills in the defaults.
    public func createTeamSession(title: String, models: [TeamRole: ModelRef], settings: TeamSettings,
                                  at date: Date) throws -> TeamSessionRecord {
        let now = timestamp()
        let at = date.timeIntervalSince1970
        let modelsJSON = try Store.encodeJSON(Store.modelMap(models))
        let settingsJSON = try Store.encodeJSON(settings)
        let id = try write { db -> Int64 in
            try db.run("INSERT INTO sessions (kind, title, created_at, updated_at) VALUES ('team', ?1, ?2, ?2)",
                       [.text(title), .real(now)])
            let id = db.lastInsertRowID
            try db.run("""
                INSERT INTO team_sessions (session_id, phase, status, models, settings, created_at, updated_at)
                VALUES (?1, 'ideation', 'idle', ?2, ?3, ?4, ?4)
                """, [.integer(id), .text(modelsJSON), .text(settingsJSON), .real(at)])
            return id
        }
        return TeamSessionRecord(sessionID: id, models: models, settings: settings, createdAt: date, updatedAt: date)
    }

    /// Writes every field of the record (except `createdAt`); `notFound` when the session
    /// has no team row.
    public func saveTeamSession(_ record: TeamSessionRecord) throws {
        let values: [SQLValue] = [
            .text(record.request), .text(record.phase.rawValue), .text(record.status.rawValue), .int(record.round),
            .int(record.reviewCount), .int(record.iteration), .text(try Store.encodeJSON(Store.modelMap(record.models))),
            .text(try Store.encodeJSON(record.settings)), .int(record.currentSpecVersion),
            .integer(record.handledMessageID), .text(try Store.encodeJSON(record.options)), .string(record.error),
            .real(record.updatedAt.timeIntervalSince1970), .integer(record.sessionID),
        ]
        let changed = try write { db -> Int in
            try db.run("""
                UPDATE team_sessions SET request = ?1, phase = ?2, status = ?3, round = ?4, review_count = ?5,
                    iteration = ?6, models = ?7, settings = ?8, current_spec_version = ?9, handled_message_id = ?10,
                    options = ?11, error = ?12, updated_at = ?13
                WHERE session_id = ?14
                """, values)
            return db.changes
        }
        guard changed > 0 else { throw StoreError(.notFound, message: "there is no team session \(record.sessionID)") }
    }

    /// The state row of a team session, if it exists.
    public func teamSession(id: Int64) throws -> TeamSessionRecord? {
        try database().queryFirst("SELECT \(Store.teamColumns) FROM team_sessions WHERE session_id = ?1",
                                  [.integer(id)], row: Store.decodeTeamSession)
    }

    /// Team sessions, most recently updated first, paged.
    public func teamSessions(limit: Int = 50, offset: Int = 0) throws -> [TeamSessionRecord] {
        try database().query("""
            SELECT \(Store.teamColumns) FROM team_sessions ORDER BY updated_at DESC, session_id DESC LIMIT ?1 OFFSET ?2
            """, [.integer(Int64(max(0, limit))), .integer(Int64(max(0, offset)))], row: Store.decodeTeamSession)
    }

    /// Appends a phase entry to the session's log.
    @discardableResult
    public func recordTeamPhase(sessionID: Int64, phase: TeamPhase, round: Int, at date: Date) throws -> TeamPhaseEntry {
        let id = try write { db -> Int64 in
            try db.run("INSERT INTO team_phases (session_id, phase, round, at) VALUES (?1, ?2, ?3, ?4)",
                       [.integer(sessionID), .text(phase.rawValue), .int(round), .real(date.timeIntervalSince1970)])
            return db.lastInsertRowID
        }
        return TeamPhaseEntry(id: id, sessionID: sessionID, phase: phase, round: round, at: date)
    }

    /// The session's phase log, oldest first.
    public func teamPhases(sessionID: Int64) throws -> [TeamPhaseEntry] {
        try database().query("SELECT id, session_id, phase, round, at FROM team_phases WHERE session_id = ?1 ORDER BY id",
                             [.integer(sessionID)]) { row in
            let text = row.text(2)
            guard let phase = TeamPhase(rawValue: text) else {
                throw StoreError(.corrupt, message: "team phase entry \(row.int64(0)) has an unknown phase '\(text.prefix(20))'")
            }
            return TeamPhaseEntry(id: row.int64(0), sessionID: row.int64(1), phase: phase, round: row.int(3),
                                  at: Date(timeIntervalSince1970: row.double(4)))
        }
    }

    /// Stores the next spec version of the session (1 for the first), review `pending`.
    public func addTeamSpec(sessionID: Int64, spec: GenerationSpec, source: TeamSpecVersion.Source,
                            messageID: Int64? = nil, at date: Date) throws -> TeamSpecVersion {
        let json = try Store.encodeJSON(spec)
        let version = try write { db -> Int in
            let next = (try db.queryFirst("SELECT coalesce(max(version), 0) + 1 FROM team_specs WHERE session_id = ?1",
                                          [.integer(sessionID)]) { $0.int(0) }) ?? 1
            try db.run("""
                INSERT INTO team_specs (session_id, version, spec, source, message_id, created_at)
                VALUES (?1, ?2, ?3, ?4, (SELECT id FROM messages WHERE id = ?5), ?6)
                """, [.integer(sessionID), .int(next), .text(json), .text(source.rawValue), .int64(messageID),
                      .real(date.timeIntervalSince1970)])
            return next
        }
        return TeamSpecVersion(sessionID: sessionID, version: version, spec: spec, source: source,
                               messageID: messageID, createdAt: date)
    }

    /// Records Lens's verdict on a spec version; `notFound` when the version does not exist.
    @discardableResult
    public func setTeamSpecReview(sessionID: Int64, version: Int, review: TeamSpecVersion.Review,
                                  note: String?) throws -> TeamSpecVersion {
        let updated = try write { db -> TeamSpecVersion? in
            try db.run("UPDATE team_specs SET review = ?1, review_note = ?2 WHERE session_id = ?3 AND version = ?4",
                       [.text(review.rawValue), .string(note), .integer(sessionID), .int(version)])
            guard db.changes > 0 else { return nil }
            return try db.queryFirst("\(Store.specSelect) WHERE session_id = ?1 AND version = ?2",
                                     [.integer(sessionID), .int(version)], row: Store.decodeTeamSpec)
        }
        guard let updated else { throw StoreError(.notFound, message: "team session \(sessionID) has no spec version \(version)") }
        return updated
    }

    /// Every spec version of the session, oldest first.
    public func teamSpecs(sessionID: Int64) throws -> [TeamSpecVersion] {
        try database().query("\(Store.specSelect) WHERE session_id = ?1 ORDER BY version", [.integer(sessionID)],
                             row: Store.decodeTeamSpec)
    }
}
