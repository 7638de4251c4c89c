import Core
import Foundation

/// API usage: one row per model call, summed per day, provider and model. Runs on the
/// `Store` actor. Rows hold figures only, never prompts or keys.
extension Store {
    /// Records one model call. `sessionID` may name a session that no longer exists (the
    /// row is then unlinked); deleting a session later unlinks its rows too.
    public func recordUsage(provider: String, model: String, usage: Usage, cost: Double? = nil,
                            latency: Double? = nil, ok: Bool = true, sessionID: Int64? = nil,
                            at date: Date? = nil) throws {
        let at = date?.timeIntervalSince1970 ?? timestamp()
        try write { db in
            try db.run("""
                INSERT INTO api_usage (at, provider, model, tokens_in, tokens_out, tokens_estimated, cost, latency_ms, ok, session_id)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, (SELECT id FROM sessions WHERE id = ?10))
                """, [.real(at), .text(provider), .text(model), .integer(Int64(usage.inputTokens)),
                      .integer(Int64(usage.outputTokens)), .bool(usage.estimated), .double(cost),
                      .int(Store.milliseconds(latency)), .bool(ok), .int64(sessionID)])
        }
    }

    /// Usage summed per day (in `timeZone`, at its current offset from UTC), provider and
    /// model, newest day first, then by provider and model. `since` limits the calls counted.
    public func usageSummary(since: Date? = nil, timeZone: TimeZone = .current) throws -> [UsageRow] {
        let offset = Double(timeZone.secondsFromGMT(for: now()))
        return try database().query("""
            SELECT date(at + ?1, 'unixepoch') AS day, provider, model, count(*), sum(1 - ok),
                   sum(tokens_in), sum(tokens_out), sum(cost), avg(latency_ms), max(tokens_estimated)
            FROM api_usage WHERE at >= ?2
            GROUP BY day, provider, model ORDER BY day DESC, provider, model
            """, [.real(offset), .real(since?.timeIntervalSince1970 ?? -Double.greatestFiniteMagnitude)]) { row in
            UsageRow(day: row.text(0), provider: row.text(1), model: row.text(2), requests: row.int(3),
                     failures: row.int(4), inputTokens: row.int(5), outputTokens: row.int(6),
                     cost: row.optionalDouble(7), averageLatency: row.optionalDouble(8).map { $0 / 1000 },
                     estimated: row.int(9) != 0)
        }
    }
}
