/// Migration 3: multi-model runs and their per-model entries, chorus groups and artist runs,
/// the artist registry, and generations with their assets.
///
/// `runs` holds every kind of run in one id space (`atelier runs show ID` needs no kind);
/// the chorus details live in `chorus_groups` keyed by the run id. Message ids in entries
/// and artist runs are plain integers, not foreign keys (loaders tolerate a missing
/// message; deleting a long session scans no extra table). A debate's thread sessions are
/// deleted with their entry (trigger), so deleting the main session removes everything.
extension Schema {
    static let version3 = Migration(version: 3, name: "runs, debates, chorus, artists, generations", sql: """
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            kind TEXT NOT NULL CHECK (kind IN ('debate', 'chorus', 'team')),
            prompt TEXT NOT NULL,
            prompt_message_id INTEGER,
            status TEXT NOT NULL CHECK (status IN ('running', 'synthesizing', 'complete', 'failed', 'cancelled', 'interrupted')),
            error TEXT,
            note TEXT,
            master_model TEXT,
            synthesis_message_id INTEGER,
            summary_model TEXT,
            summary_status TEXT CHECK (summary_status IN ('pending', 'running', 'complete', 'error')),
            summary_text TEXT,
            summary_error TEXT,
            summary_tokens_in INTEGER,
            summary_tokens_out INTEGER,
            summary_tokens_estimated INTEGER NOT NULL DEFAULT 0 CHECK (summary_tokens_estimated IN (0, 1)),
            summary_latency_ms INTEGER,
            summary_cost REAL,
            created_at REAL NOT NULL,
            updated_at REAL NOT NULL
        ) STRICT;
        CREATE INDEX runs_by_time ON runs(created_at, id);
        CREATE INDEX runs_by_session ON runs(session_id);
        CREATE INDEX runs_unfinished ON runs(status) WHERE status IN ('running', 'synthesizing');

        CREATE TABLE run_entries (
            id INTEGER PRIMARY KEY,
            run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            model TEXT NOT NULL,
            label TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('initial', 'debate', 'complete', 'error')),
            error TEXT,
            error_stage TEXT CHECK (error_stage IN ('initial', 'debate')),
            thread_session_id INTEGER REFERENCES sessions(id) ON DELETE SET NULL,
            initial_prompt_message_id INTEGER,
            initial_answer_message_id INTEGER,
            debate_prompt_message_id INTEGER,
            debate_answer_message_id INTEGER,
            tokens_in INTEGER NOT NULL DEFAULT 0,
            tokens_out INTEGER NOT NULL DEFAULT 0,
            tokens_estimated INTEGER NOT NULL DEFAULT 0 CHECK (tokens_estimated IN (0, 1)),
            latency_ms INTEGER,
            cost REAL,
            created_at REAL NOT NULL,
            updated_at REAL NOT NULL,
            UNIQUE (run_id, position),
            UNIQUE (run_id, label)
        ) STRICT;
        CREATE INDEX run_entries_by_thread ON run_entries(thread_session_id) WHERE thread_session_id IS NOT NULL;
        CREATE TRIGGER run_entries_drop_thread AFTER DELETE ON run_entries
        WHEN old.thread_session_id IS NOT NULL BEGIN
            DELETE FROM sessions WHERE id = old.thread_session_id;
        END;

        CREATE TABLE artists (
            slug TEXT PRIMARY KEY,
            model TEXT NOT NULL,
            display_name TEXT NOT NULL,
            temperature REAL,
            max_tokens INTEGER,
            created_at REAL NOT NULL,
            updated_at REAL NOT NULL
        ) STRICT;

        CREATE TABLE generations (
            id INTEGER PRIMARY KEY,
            session_id INTEGER REFERENCES sessions(id) ON DELETE SET NULL,
            source_kind TEXT NOT NULL CHECK (source_kind IN ('chorus', 'team', 'direct')),
            source_id INTEGER,
            workflow_id TEXT NOT NULL,
            positive TEXT NOT NULL,
            negative TEXT NOT NULL DEFAULT '',
            parameters TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(parameters)),
            status TEXT NOT NULL CHECK (status IN ('pending', 'queued', 'running', 'succeeded', 'failed', 'cancelled')),
            progress REAL NOT NULL DEFAULT 0 CHECK (progress >= 0 AND progress <= 1),
            error TEXT,
            comfy_prompt_id TEXT,
            workflow_json TEXT,
            created_at REAL NOT NULL,
            updated_at REAL NOT NULL
        ) STRICT;
        CREATE INDEX generations_by_source ON generations(source_kind, source_id);
        CREATE INDEX generations_by_time ON generations(created_at, id);
        CREATE INDEX generations_open ON generations(status) WHERE status IN ('pending', 'queued', 'running');

        CREATE TABLE assets (
            id INTEGER PRIMARY KEY,
            generation_id INTEGER NOT NULL REFERENCES generations(id) ON DELETE CASCADE,
            path TEXT NOT NULL,
            media_type TEXT NOT NULL,
            bytes INTEGER NOT NULL CHECK (bytes >= 0),
            sha256 TEXT NOT NULL,
            created_at REAL NOT NULL
        ) STRICT;
        CREATE INDEX assets_by_generation ON assets(generation_id);

        CREATE TABLE chorus_groups (
            run_id INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
            prompt_version TEXT NOT NULL,
            prompt_sha256 TEXT NOT NULL,
            system_prompt TEXT NOT NULL,
            brush_workflow TEXT NOT NULL,
            brush_negative TEXT NOT NULL DEFAULT '',
            brush_parameters TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(brush_parameters)),
            budget REAL,
            estimated_cost REAL
        ) STRICT;

        CREATE TABLE chorus_runs (
            id INTEGER PRIMARY KEY,
            group_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            artist_slug TEXT NOT NULL,
            artist_model TEXT NOT NULL,
            artist_name TEXT NOT NULL,
            temperature REAL,
            max_tokens INTEGER,
            status TEXT NOT NULL CHECK (status IN ('queued', 'generating', 'done', 'failed')),
            stage TEXT CHECK (stage IN ('artist', 'brush')),
            error TEXT,
            warnings TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(warnings)),
            attempts INTEGER NOT NULL DEFAULT 0,
            message_id INTEGER,
            statement TEXT,
            image_prompt TEXT,
            generation_id INTEGER REFERENCES generations(id) ON DELETE SET NULL,
            artist_tokens_in INTEGER,
            artist_tokens_out INTEGER,
            artist_tokens_estimated INTEGER NOT NULL DEFAULT 0 CHECK (artist_tokens_estimated IN (0, 1)),
            artist_latency_ms INTEGER,
            artist_cost REAL,
            brush_latency_ms INTEGER,
            brush_cost REAL,
            created_at REAL NOT NULL,
            updated_at REAL NOT NULL,
            UNIQUE (group_id, position)
        ) STRICT;
        CREATE INDEX chorus_runs_by_artist ON chorus_runs(artist_slug);
        CREATE INDEX chorus_runs_by_generation ON chorus_runs(generation_id) WHERE generation_id IS NOT NULL;
        """)
}
