import Core

/// Full-text search over finished messages. Runs on the `Store` actor.
///
/// Words in spaced scripts use the unicode61 index (case and diacritics ignored, whole
/// words, best match first). A query with CJK/Thai/... text uses the trigram index, which
/// finds substrings of three characters or more; shorter terms of such a query are matched
/// by scanning (`instr`), newest first. Streaming messages are not searchable until they end.
///
/// Ranking is done among the newest `searchWindow` matches: ranking every match of a common
/// word costs a bm25 score per match (650 ms for a word in 330,000 of 1,000,000 messages),
/// while the newest matches are found by walking the index backwards by rowid.
extension Store {
    /// How many of the newest matches an index search ranks.
    static let searchWindow = 2_000

    /// Messages matching every word of `text`; empty for text with no words. Never throws
    /// for any query text (operators and quotes are searched as plain words).
    public func search(_ text: String, limit: Int = 20) throws -> [SearchHit] {
        let query = SearchQuery(text)
        guard !query.isEmpty, limit > 0 else { return [] }
        let db = try database()
        let cap = SQLValue.integer(Int64(limit))
        let window = SQLValue.integer(Int64(Store.searchWindow - 1))
        let hit: (Statement) -> SearchHit = { row in
            SearchHit(messageID: row.int64(0), sessionID: row.int64(1), sessionTitle: row.text(2),
                      speaker: row.text(3), snippet: row.text(4))
        }
        guard query.needsSubstring else {
            return try db.query("""
                SELECT m.id, m.session_id, s.title, m.speaker, snippet(messages_fts, 0, '[', ']', '…', 12)
                FROM messages_fts JOIN messages m ON m.id = messages_fts.rowid JOIN sessions s ON s.id = m.session_id
                WHERE messages_fts MATCH ?1 AND messages_fts.rowid >= \(Store.windowStart("messages_fts"))
                ORDER BY rank LIMIT ?2
                """, [.text(SearchQuery.phrases(query.terms)), cap, window], row: hit)
        }
        let (long, short) = query.substringSplit
        let shortValues = short.map { SQLValue.text($0) }
        if !long.isEmpty {
            return try db.query("""
                SELECT m.id, m.session_id, s.title, m.speaker, snippet(messages_trigram, 0, '[', ']', '…', 24)
                FROM messages_trigram JOIN messages m ON m.id = messages_trigram.rowid JOIN sessions s ON s.id = m.session_id
                WHERE messages_trigram MATCH ?1 AND messages_trigram.rowid >= \(Store.windowStart("messages_trigram"))\
                \(Store.containsAll(short.count, from: 4)) ORDER BY rank LIMIT ?2
                """, [.text(SearchQuery.phrases(long)), cap, window] + shortValues, row: hit)
        }
        let rows = try db.query("""
            SELECT m.id, m.session_id, s.title, m.speaker, m.content
            FROM messages m JOIN sessions s ON s.id = m.session_id
            WHERE m.status != 'streaming'\(Store.containsAll(short.count, from: 2)) ORDER BY m.id DESC LIMIT ?1
            """, [cap] + shortValues, row: hit)
        return rows.map { row in
            var marked = row
            marked.snippet = SnippetMaker.snippet(of: row.snippet, marking: short)
            return marked
        }
    }

    /// The rowid of the `searchWindow`-th newest match of `?1` in `table` (0 when there are
    /// fewer), bound as `?3`: matches at or above it are the ones ranked.
    private static func windowStart(_ table: String) -> String {
        "coalesce((SELECT rowid FROM \(table) WHERE \(table) MATCH ?1 ORDER BY rowid DESC LIMIT 1 OFFSET ?3), 0)"
    }

    /// ` AND instr(m.content, ?n) > 0` for `count` parameters numbered from `first`.
    private static func containsAll(_ count: Int, from first: Int) -> String {
        (0..<count).map { " AND instr(m.content, ?\($0 + first)) > 0" }.joined()
    }
}
