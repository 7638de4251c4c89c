import Core
import Foundation

/// Generations and their assets: recorded `pending` by whoever asks for an image (the
/// chorus brush, a team spec), then advanced by the ComfyUI layer. Runs on the `Store` actor.
extension Store {
    static let generationColumns = """
        id, session_id, source_kind, source_id, workflow_id, positive, negative, parameters, status, progress,
        error, comfy_prompt_id, workflow_json, created_at, updated_at
        """

    /// Records a generation (by default `pending`: asked for, not yet submitted).
    /// `parametersJSON` must be a JSON object text.
    public func insertGeneration(sessionID: Int64?, sourceKind: StoredGeneration.SourceKind, sourceID: Int64?,
                                 workflowID: String, positive: String, negative: String = "",
                                 parametersJSON: String = "{}",
                                 status: StoredGeneration.Status = .pending) throws -> StoredGeneration {
        let at = timestamp()
        let id = try write { db -> Int64 in
            guard try db.queryFirst("SELECT CASE WHEN json_valid(?1) THEN json_type(?1) = 'object' ELSE 0 END", [.text(parametersJSON)], row: { $0.int(0) == 1 }) == true
            else { throw StoreError(.invalidArgument, message: "generation parameters must be a JSON object") }
            try db.run("""
                INSERT INTO generations (session_id, source_kind, source_id, workflow_id, positive, negative, parameters,
                                         status, created_at, updated_at)
                VALUES ((SELECT id FROM sessions WHERE id = ?1), ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)
                """, [.int64(sessionID), .text(sourceKind.rawValue), .int64(sourceID), .text(workflowID),
                      .text(positive), .text(negative), .text(parametersJSON), .text(status.rawValue), .real(at)])
            return db.lastInsertRowID
        }
        return try requireGeneration(id: id)
    }

    /// Advances a generation. Nil arguments keep what is stored, except `error`, which is
    /// replaced; `progress` is clamped to 0…1.
    @discardableResult
    public func updateGeneration(id: Int64, status: StoredGeneration.Status, progress: Double? = nil,
                                 error: String? = nil, comfyPromptID: String? = nil,
                                 workflowJSON: String? = nil) throws -> StoredGeneration {
        let at = timestamp()
        let clamped = progress.map { $0.isFinite ? min(1, max(0, $0)) : 0 }
        try write { db in
            try db.run("""
                UPDATE generations SET status = ?1, progress = coalesce(?2, progress), error = ?3,
                    comfy_prompt_id = coalesce(?4, comfy_prompt_id), workflow_json = coalesce(?5, workflow_json),
                    updated_at = ?6
                WHERE id = ?7
                """, [.text(status.rawValue), .double(clamped), .string(error), .string(comfyPromptID),
                      .string(workflowJSON), .real(at), .integer(id)])
            try Store.requireChange(db, "generation \(id)")
        }
        return try requireGeneration(id: id)
    }

    /// One generation, if it exists.
    public func generation(id: Int64) throws -> StoredGeneration? {
        try database().queryFirst("SELECT \(Store.generationColumns) FROM generations WHERE id = ?1",
                                  [.integer(id)], row: Store.decodeGeneration)
    }

    /// The generations asked for by one source, oldest first.
    public func generations(sourceKind: StoredGeneration.SourceKind, sourceID: Int64) throws -> [StoredGeneration] {
        try database().query("""
            SELECT \(Store.generationColumns) FROM generations WHERE source_kind = ?1 AND source_id = ?2 ORDER BY id
            """, [.text(sourceKind.rawValue), .integer(sourceID)], row: Store.decodeGeneration)
    }

    /// Generations newest first, paged (the gallery).
    public func generations(limit: Int = 50, offset: Int = 0) throws -> [StoredGeneration] {
        try database().query("""
            SELECT \(Store.generationColumns) FROM generations ORDER BY created_at DESC, id DESC LIMIT ?1 OFFSET ?2
            """, [.integer(Int64(max(0, limit))), .integer(Int64(max(0, offset)))], row: Store.decodeGeneration)
    }

    /// Records an output file of a generation.
    @discardableResult
    public func addAsset(generationID: Int64, path: String, mediaType: String, bytes: Int,
                         sha256: String) throws -> StoredAsset {
        let at = timestamp()
        let id = try write { db -> Int64 in
            try db.run("""
                INSERT INTO assets (generation_id, path, media_type, bytes, sha256, created_at)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                """, [.integer(generationID), .text(path), .text(mediaType), .integer(Int64(max(0, bytes))),
                      .text(sha256), .real(at)])
            return db.lastInsertRowID
        }
        return StoredAsset(id: id, generationID: generationID, path: path, mediaType: mediaType, bytes: max(0, bytes),
                           sha256: sha256, createdAt: Date(timeIntervalSince1970: at))
    }

    /// A generation's files, oldest first.
    public func assets(generationID: Int64) throws -> [StoredAsset] {
        try database().query("""
            SELECT id, generation_id, path, media_type, bytes, sha256, created_at FROM assets
            WHERE generation_id = ?1 ORDER BY id
            """, [.integer(generationID)]) { row in
            StoredAsset(id: row.int64(0), generationID: row.int64(1), path: row.text(2), mediaType: row.text(3),
                        bytes: row.int(4), sha256: row.text(5), createdAt: Date(timeIntervalSince1970: row.double(6)))
        }
    }

    func requireGeneration(id: Int64) throws -> StoredGeneration {
        guard let generation = try generation(id: id) else {
            throw StoreError(.notFound, message: "there is no generation \(id)")
        }
        return generation
    }

    static func decodeGeneration(_ row: Statement) throws -> StoredGeneration {
        let id = row.int64(0)
        guard let kind = StoredGeneration.SourceKind(rawValue: row.text(2)),
              let status = StoredGeneration.Status(rawValue: row.text(8)) else {
            throw StoreError(.corrupt, message: "generation \(id) has an unknown source kind or status")
        }
        return StoredGeneration(id: id, sessionID: row.optionalInt64(1), sourceKind: kind, sourceID: row.optionalInt64(3),
                                workflowID: row.text(4), positive: row.text(5), negative: row.text(6),
                                parametersJSON: row.text(7), status: status, progress: row.double(9),
                                error: row.optionalText(10), comfyPromptID: row.optionalText(11),
                                workflowJSON: row.optionalText(12),
                                createdAt: Date(timeIntervalSince1970: row.double(13)),
                                updatedAt: Date(timeIntervalSince1970: row.double(14)))
    }
}
