/// Migration 6: which process is writing what. Every `Store` that opens the file registers
/// itself in `writers` (pid, the process's start time, host, a per-store token); streaming
/// messages and unfinished runs it creates carry its `writer_id` (set by a per-connection
/// temporary trigger, see `WriterRegistry`). Recovery at open and `recoverInterruptedRuns`
/// then touch only what a writer that is gone left unfinished, never a live process's work.
/// Writer ids are never reused (`AUTOINCREMENT`): a new store must not inherit the unfinished
/// work of a gone writer that had its id.
extension Schema {
    static let version6 = Migration(version: 6, name: "writers", sql: """
        CREATE TABLE writers (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            pid INTEGER NOT NULL,
            start_ticks INTEGER NOT NULL,
            host TEXT NOT NULL,
            token TEXT NOT NULL UNIQUE,
            opened_at REAL NOT NULL
        ) STRICT;
        ALTER TABLE messages ADD COLUMN writer_id INTEGER;
        ALTER TABLE runs ADD COLUMN writer_id INTEGER;
        """)
}
