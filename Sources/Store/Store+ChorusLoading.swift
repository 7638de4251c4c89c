import Core
import Foundation

/// Chorus run groups: loaders, statistics, money spent, per-artist totals and row
/// decoding. Runs on the `Store` actor.
extension Store {
    static let groupColumns = """
        r.id, r.session_id, r.prompt, r.status, r.note, r.created_at, r.updated_at, g.prompt_version, g.prompt_sha256,
        g.system_prompt, g.brush_workflow, g.brush_negative, g.brush_parameters, g.budget, g.estimated_cost
        """

    static let chorusRunColumns = """
        c.id, c.group_id, c.position, c.artist_slug, c.artist_model, c.artist_name, c.temperature, c.max_tokens,
        c.status, c.stage, c.error, c.warnings, c.attempts, c.message_id, c.statement, c.image_prompt,
        c.generation_id, gen.status, c.artist_tokens_in, c.artist_tokens_out, c.artist_tokens_estimated,
        c.artist_latency_ms, c.artist_cost, c.brush_latency_ms, c.brush_cost, c.created_at, c.updated_at
        """

    /// The group with this id; nil when there is none (or it is another kind of run).
    public func chorusGroup(id: Int64) throws -> ChorusGroup? {
        try database().queryFirst("""
            SELECT \(Store.groupColumns) FROM runs r JOIN chorus_groups g ON g.run_id = r.id WHERE r.id = ?1
            """, [.integer(id)], row: Store.decodeChorusGroup)
    }

    /// The group with its runs (by position, generation status joined in) and statistics.
    public func chorusGroupDetail(id: Int64) throws -> ChorusGroupDetail? {
        guard let group = try chorusGroup(id: id) else { return nil }
        return ChorusGroupDetail(group: group, runs: try chorusRuns(groupID: id), stats: try chorusStats(groupID: id))
    }

    /// A group's runs by position.
    public func chorusRuns(groupID: Int64) throws -> [ChorusRun] {
        try database().query("""
            SELECT \(Store.chorusRunColumns) FROM chorus_runs c LEFT JOIN generations gen ON gen.id = c.generation_id
            WHERE c.group_id = ?1 ORDER BY c.position
            """, [.integer(groupID)], row: Store.decodeChorusRun)
    }

    /// One artist run, if it exists.
    public func chorusRun(id: Int64) throws -> ChorusRun? {
        try database().queryFirst("""
            SELECT \(Store.chorusRunColumns) FROM chorus_runs c LEFT JOIN generations gen ON gen.id = c.generation_id
            WHERE c.id = ?1
            """, [.integer(id)], row: Store.decodeChorusRun)
    }

    /// Counts by status, tokens, dollars and the mean seconds of `done` runs, in one query.
    public func chorusStats(groupID: Int64) throws -> ChorusStats {
        try database().queryFirst("""
            SELECT count(*), total(status = 'queued'), total(status = 'generating'), total(status = 'done'),
                   total(status = 'failed'), total(artist_tokens_in), total(artist_tokens_out),
                   total(coalesce(artist_cost, 0) + coalesce(brush_cost, 0)),
                   avg(CASE WHEN status = 'done' THEN coalesce(artist_latency_ms, 0) + coalesce(brush_latency_ms, 0) END)
            FROM chorus_runs WHERE group_id = ?1
            """, [.integer(groupID)]) { row in
            ChorusStats(total: row.int(0), queued: row.int(1), generating: row.int(2), done: row.int(3),
                        failed: row.int(4), inputTokens: row.int(5), outputTokens: row.int(6), totalCost: row.double(7),
                        meanLatency: row.optionalDouble(8).map { $0 / 1000 })
        } ?? ChorusStats()
    }

    /// Dollars spent on a group so far: every model call recorded in its session (retries
    /// and earlier attempts included) plus its brush costs.
    public func chorusSpent(groupID: Int64) throws -> Double {
        try database().queryFirst("""
            SELECT total(u.cost) + (SELECT total(brush_cost) FROM chorus_runs WHERE group_id = ?1)
            FROM api_usage u WHERE u.session_id = (SELECT session_id FROM runs WHERE id = ?1)
            """, [.integer(groupID)]) { $0.double(0) } ?? 0
    }

    /// Every artist's figures over all stored groups, by slug.
    public func artistTotals() throws -> [ArtistTotals] {
        try database().query("""
            SELECT artist_slug, count(*), total(status = 'done'), total(status = 'failed'), total(artist_tokens_in),
                   total(artist_tokens_out), total(coalesce(artist_cost, 0) + coalesce(brush_cost, 0)),
                   avg(CASE WHEN status = 'done' THEN coalesce(artist_latency_ms, 0) + coalesce(brush_latency_ms, 0) END)
            FROM chorus_runs GROUP BY artist_slug ORDER BY artist_slug
            """) { row in
            ArtistTotals(slug: row.text(0), runs: row.int(1), done: row.int(2), failed: row.int(3),
                         inputTokens: row.int(4), outputTokens: row.int(5), cost: row.double(6),
                         meanLatency: row.optionalDouble(7).map { $0 / 1000 })
        }
    }

    static func decodeChorusGroup(_ row: Statement) throws -> ChorusGroup {
        let id = row.int64(0)
        let parameters: [String: BrushSettings.Value]
        do {
            parameters = try JSONDecoder().decode([String: BrushSettings.Value].self, from: Data(row.text(12).utf8))
        } catch {
            throw StoreError(.corrupt, message: "chorus group \(id) has unreadable brush parameters")
        }
        return ChorusGroup(id: id, sessionID: row.int64(1), promptVersion: row.text(7), prompt: row.text(2),
                           promptSHA256: row.text(8), systemPrompt: row.text(9),
                           brush: BrushSettings(workflowID: row.text(10), negativePrompt: row.text(11),
                                                parameters: parameters),
                           budget: row.optionalDouble(13), estimatedCost: row.optionalDouble(14),
                           status: try decodeRunStatus(row.text(3), id: id), note: row.optionalText(4),
                           createdAt: Date(timeIntervalSince1970: row.double(5)),
                           updatedAt: Date(timeIntervalSince1970: row.double(6)))
    }

    static func decodeChorusRun(_ row: Statement) throws -> ChorusRun {
        let id = row.int64(0)
        guard let model = ModelRef(parsing: row.text(4)), let status = ChorusRunStatus(rawValue: row.text(8)) else {
            throw StoreError(.corrupt, message: "chorus run \(id) has an unreadable model or status")
        }
        let warnings = (try? JSONDecoder().decode([String].self, from: Data(row.text(11).utf8))) ?? []
        let tokensIn = row.optionalInt(18)
        let tokensOut = row.optionalInt(19)
        let usage = tokensIn == nil && tokensOut == nil ? nil
            : Usage(inputTokens: tokensIn ?? 0, outputTokens: tokensOut ?? 0, estimated: row.int(20) != 0)
        let artist = Artist(slug: row.text(3), model: model, displayName: row.text(5), temperature: row.optionalDouble(6),
                            maxTokens: row.optionalInt(7))
        return ChorusRun(id: id, groupID: row.int64(1), position: row.int(2), artist: artist, status: status,
                         stage: row.optionalText(9).flatMap { ChorusStage(rawValue: $0) }, error: row.optionalText(10),
                         warnings: warnings, attempts: row.int(12), messageID: row.optionalInt64(13),
                         statement: row.optionalText(14), imagePrompt: row.optionalText(15),
                         generationID: row.optionalInt64(16),
                         generationStatus: row.optionalText(17).flatMap { StoredGeneration.Status(rawValue: $0) },
                         artistMetrics: StageMetrics(usage: usage, latency: row.optionalInt(21).map { Double($0) / 1000 },
                                                     cost: row.optionalDouble(22)),
                         brushMetrics: StageMetrics(usage: nil, latency: row.optionalInt(23).map { Double($0) / 1000 },
                                                    cost: row.optionalDouble(24)),
                         createdAt: Date(timeIntervalSince1970: row.double(25)),
                         updatedAt: Date(timeIntervalSince1970: row.double(26)))
    }
}
