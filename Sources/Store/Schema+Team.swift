/// Migration 2: the team session tables. Stateless.
///
/// `team_sessions` holds one row per team session (the flow's state: phase, status,
/// round, review count, role → model map, settings, current spec version, the last
/// consumed user message, the options waiting for a choice, the error); `team_phases` is
/// the append-only phase log; `team_specs` keeps every spec version with its review.
/// Phase, status, source and review values are checked by the decoder, not by CHECK
/// constraints, so a later build can add values without rebuilding the tables.
extension Schema {
    static let version2 = Migration(version: 2, name: "team sessions, phase log, spec versions", sql: """
        CREATE TABLE team_sessions (
            session_id INTEGER PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
            request TEXT NOT NULL DEFAULT '',
            phase TEXT NOT NULL,
            status TEXT NOT NULL,
            round INTEGER NOT NULL DEFAULT 0,
            review_count INTEGER NOT NULL DEFAULT 0,
            iteration INTEGER NOT NULL DEFAULT 0,
            models TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(models)),
            settings TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(settings)),
            current_spec_version INTEGER,
            handled_message_id INTEGER NOT NULL DEFAULT 0,
            options TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(options)),
            error TEXT,
            created_at REAL NOT NULL,
            updated_at REAL NOT NULL
        ) STRICT;
        CREATE INDEX team_sessions_by_status ON team_sessions(status);

        CREATE TABLE team_phases (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            phase TEXT NOT NULL,
            round INTEGER NOT NULL,
            at REAL NOT NULL
        ) STRICT;
        CREATE INDEX team_phases_by_session ON team_phases(session_id, id);

        CREATE TABLE team_specs (
            session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            version INTEGER NOT NULL CHECK (version >= 1),
            spec TEXT NOT NULL CHECK (json_valid(spec)),
            source TEXT NOT NULL,
            review TEXT NOT NULL DEFAULT 'pending',
            review_note TEXT,
            message_id INTEGER REFERENCES messages(id) ON DELETE SET NULL,
            created_at REAL NOT NULL,
            PRIMARY KEY (session_id, version)
        ) STRICT;
        """)
}
