/// The store's schema as an ordered migration list. Append new steps; never edit a
/// released one (files in the wild have already run it). Stateless.
///
/// Full-text search: two external-content FTS5 indexes read their text from the view
/// `messages_indexed`, which holds only messages in a terminal status. Triggers keep both
/// indexes equal to that view: a message is indexed when it is inserted terminal or
/// reaches a terminal status, re-indexed if a terminal message changes, and removed when
/// it is deleted or goes back to `streaming`. Streaming appends touch no index.
enum Schema {
    static let migrations: [Migration] = [version1, version2, version3, version4, version5, version6]

    static var latestVersion: Int { migrations.last?.version ?? 0 }

    static let version1 = Migration(version: 1, name: "sessions, messages, api usage, search", sql: """
        CREATE TABLE sessions (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('chat', 'team', 'debate', 'chorus')),
            title TEXT NOT NULL DEFAULT '',
            created_at REAL NOT NULL,
            updated_at REAL NOT NULL,
            metadata TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(metadata))
        ) STRICT;
        CREATE INDEX sessions_by_activity ON sessions(updated_at, id);

        CREATE TABLE messages (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            role TEXT NOT NULL CHECK (role IN ('system', 'user', 'assistant')),
            speaker TEXT NOT NULL,
            model TEXT,
            content TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL CHECK (status IN ('streaming', 'complete', 'interrupted', 'error')),
            error TEXT,
            tokens_in INTEGER,
            tokens_out INTEGER,
            tokens_estimated INTEGER NOT NULL DEFAULT 0 CHECK (tokens_estimated IN (0, 1)),
            latency_ms INTEGER,
            ttft_ms INTEGER,
            cost REAL,
            created_at REAL NOT NULL,
            updated_at REAL NOT NULL
        ) STRICT;
        CREATE INDEX messages_by_session ON messages(session_id, id);
        CREATE INDEX messages_streaming ON messages(status) WHERE status = 'streaming';

        CREATE TABLE api_usage (
            id INTEGER PRIMARY KEY,
            at REAL NOT NULL,
            provider TEXT NOT NULL,
            model TEXT NOT NULL,
            tokens_in INTEGER NOT NULL DEFAULT 0,
            tokens_out INTEGER NOT NULL DEFAULT 0,
            tokens_estimated INTEGER NOT NULL DEFAULT 0 CHECK (tokens_estimated IN (0, 1)),
            cost REAL,
            latency_ms INTEGER,
            ok INTEGER NOT NULL CHECK (ok IN (0, 1)),
            session_id INTEGER REFERENCES sessions(id) ON DELETE SET NULL
        ) STRICT;
        CREATE INDEX api_usage_by_time ON api_usage(at);
        CREATE INDEX api_usage_by_session ON api_usage(session_id) WHERE session_id IS NOT NULL;

        CREATE VIEW messages_indexed AS SELECT id, content FROM messages WHERE status != 'streaming';
        CREATE VIRTUAL TABLE messages_fts USING fts5(
            content, content = 'messages_indexed', content_rowid = 'id',
            tokenize = 'unicode61 remove_diacritics 2');
        CREATE VIRTUAL TABLE messages_trigram USING fts5(
            content, content = 'messages_indexed', content_rowid = 'id', tokenize = 'trigram');

        CREATE TRIGGER messages_index_insert AFTER INSERT ON messages
        WHEN new.status != 'streaming' BEGIN
            INSERT INTO messages_fts(rowid, content) VALUES (new.id, new.content);
            INSERT INTO messages_trigram(rowid, content) VALUES (new.id, new.content);
        END;
        CREATE TRIGGER messages_index_delete AFTER DELETE ON messages
        WHEN old.status != 'streaming' BEGIN
            INSERT INTO messages_fts(messages_fts, rowid, content) VALUES ('delete', old.id, old.content);
            INSERT INTO messages_trigram(messages_trigram, rowid, content) VALUES ('delete', old.id, old.content);
        END;
        CREATE TRIGGER messages_index_update AFTER UPDATE OF content, status ON messages
        WHEN old.status != 'streaming' OR new.status != 'streaming' BEGIN
            INSERT INTO messages_fts(messages_fts, rowid, content)
                SELECT 'delete', old.id, old.content WHERE old.status != 'streaming';
            INSERT INTO messages_trigram(messages_trigram, rowid, content)
                SELECT 'delete', old.id, old.content WHERE old.status != 'streaming';
            INSERT INTO messages_fts(rowid, content)
                SELECT new.id, new.content WHERE new.status != 'streaming';
            INSERT INTO messages_trigram(rowid, content)
                SELECT new.id, new.content WHERE new.status != 'streaming';
        END;
        """)
}
