/// Migration 5: a finished generation's status is `complete`, the word the rest of Atelier
/// (messages, runs) and the ComfyUI issue use, instead of migration 3's `succeeded`.
///
/// SQLite cannot change a CHECK constraint in place, so the table is rebuilt by SQLite's
/// documented procedure (new table, copy, drop, rename) with foreign keys off, which keeps
/// `assets` and `chorus_runs` pointing at the same generation ids; the migrator checks
/// `PRAGMA foreign_key_check` before it commits.
extension Schema {
    static let version5 = Migration(version: 5, name: "generation status complete", foreignKeysOff: true, sql: """
        CREATE TABLE generations_v5 (
            id INTEGER PRIMARY KEY,
            session_id INTEGER REFERENCES sessions(id) ON DELETE SET NULL,
            source_kind TEXT NOT NULL CHECK (source_kind IN ('chorus', 'team', 'direct')),
            source_id INTEGER,
            workflow_id TEXT NOT NULL,
            positive TEXT NOT NULL,
            negative TEXT NOT NULL DEFAULT '',
            parameters TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(parameters)),
            status TEXT NOT NULL CHECK (status IN ('pending', 'queued', 'running', 'complete', 'failed', 'cancelled')),
            progress REAL NOT NULL DEFAULT 0 CHECK (progress >= 0 AND progress <= 1),
            error TEXT,
            comfy_prompt_id TEXT,
            workflow_json TEXT,
            created_at REAL NOT NULL,
            updated_at REAL NOT NULL,
            idea TEXT,
            interception TEXT,
            notes TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(notes)),
            attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
            started_at REAL,
            finished_at REAL
        ) STRICT;
        INSERT INTO generations_v5 (id, session_id, source_kind, source_id, workflow_id, positive, negative, parameters,
            status, progress, error, comfy_prompt_id, workflow_json, created_at, updated_at, idea, interception, notes,
            attempts, started_at, finished_at)
        SELECT id, session_id, source_kind, source_id, workflow_id, positive, negative, parameters,
            CASE status WHEN 'succeeded' THEN 'complete' ELSE status END, progress, error, comfy_prompt_id, workflow_json,
            created_at, updated_at, idea, interception, notes, attempts, started_at, finished_at
        FROM generations;
        DROP TABLE generations;
        ALTER TABLE generations_v5 RENAME TO generations;
        CREATE INDEX generations_by_source ON generations(source_kind, source_id);
        CREATE INDEX generations_by_time ON generations(created_at, id);
        CREATE INDEX generations_open ON generations(status) WHERE status IN ('pending', 'queued', 'running');
        """)
}
