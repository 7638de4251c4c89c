/// Migration 4: what a generation needs beyond migration 3's row — the prompt pipeline's
/// texts (the person's idea and the interception result; `positive` holds the prompt that is
/// or was sent, which may be the optimized text or the person's edit), notes told to the
/// person while it ran (an out-of-memory retry, a value moved to fit a limit, an output that
/// was refused), how many times it was submitted, and when it started running and finished.
extension Schema {
    static let version4 = Migration(version: 4, name: "generation prompts, notes and timings", sql: """
        ALTER TABLE generations ADD COLUMN idea TEXT;
        ALTER TABLE generations ADD COLUMN interception TEXT;
        ALTER TABLE generations ADD COLUMN notes TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(notes));
        ALTER TABLE generations ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0);
        ALTER TABLE generations ADD COLUMN started_at REAL;
        ALTER TABLE generations ADD COLUMN finished_at REAL;
        """)
}
