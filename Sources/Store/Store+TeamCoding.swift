import Core
import Foundation

/// Row decoding and JSON columns for the team tables. Runs on the `Store` actor.
extension Store {
    static let specSelect = """
        SELECT session_id, version, spec, source, review, review_note, message_id, created_at FROM team_specs
        """

    static func decodeTeamSession(_ row: Statement) throws -> TeamSessionRecord {
        let id = row.int64(0)
        func corrupt(_ what: String) -> StoreError {
            StoreError(.corrupt, message: "team session \(id) has an unreadable \(what)")
        }
        guard let phase = TeamPhase(rawValue: row.text(2)) else { throw corrupt("phase") }
        guard let status = TeamStatus(rawValue: row.text(3)) else { throw corrupt("status") }
        guard let modelNames = try? decodeJSON([String: String].self, row.text(7)) else { throw corrupt("model map") }
        var models: [TeamRole: ModelRef] = [:]
        for (key, value) in modelNames {
            guard let role = TeamRole(rawValue: key), let ref = ModelRef(parsing: value) else { throw corrupt("model map") }
            models[role] = ref
        }
        guard let settings = try? decodeJSON(TeamSettings.self, row.text(8)) else { throw corrupt("settings") }
        guard let options = try? decodeJSON([TeamOption].self, row.text(11)) else { throw corrupt("option list") }
        return TeamSessionRecord(sessionID: id, request: row.text(1), phase: phase, status: status, round: row.int(4),
                                 reviewCount: row.int(5), iteration: row.int(6), models: models, settings: settings,
                                 currentSpecVersion: row.optionalInt(9), handledMessageID: row.int64(10),
                                 options: options, error: row.optionalText(12),
                                 createdAt: Date(timeIntervalSince1970: row.double(13)),
                                 updatedAt: Date(timeIntervalSince1970: row.double(14)))
    }

    static func decodeTeamSpec(_ row: Statement) throws -> TeamSpecVersion {
        let version = row.int(1)
        func corrupt(_ what: String) -> StoreError {
            StoreError(.corrupt, message: "spec version \(version) of team session \(row.int64(0)) has an unreadable \(what)")
        }
        guard let spec = try? decodeJSON(GenerationSpec.self, row.text(2)) else { throw corrupt("spec") }
        guard let source = TeamSpecVersion.Source(rawValue: row.text(3)) else { throw corrupt("source") }
        guard let review = TeamSpecVersion.Review(rawValue: row.text(4)) else { throw corrupt("review") }
        return TeamSpecVersion(sessionID: row.int64(0), version: version, spec: spec, source: source, review: review,
                               reviewNote: row.optionalText(5), messageID: row.optionalInt(6).map(Int64.init),
                               createdAt: Date(timeIntervalSince1970: row.double(7)))
    }

    /// Role raw value → `provider:model`, the shape stored in `team_sessions.models`.
    static func modelMap(_ models: [TeamRole: ModelRef]) -> [String: String] {
        Dictionary(uniqueKeysWithValues: models.map { ($0.key.rawValue, $0.value.description) })
    }

    static func encodeJSON<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return String(decoding: try encoder.encode(value), as: UTF8.self)
        } catch {
            throw StoreError(.invalidArgument, message: "cannot encode a value as JSON: \(error)")
        }
    }

    static func decodeJSON<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }
}
