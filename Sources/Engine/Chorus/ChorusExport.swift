import Core
import Foundation
import Store

/// A chorus group as one JSON document: the group (prompt version, text, SHA-256, format
/// instruction, brush, budget, estimate, status), its artists, every run with the artist's
/// full answer and its generation, the statistics and per-artist figures. Decodable too, so
/// an export can be read back. Holds no secrets: none are stored. A plain value.
public struct ChorusExport: Sendable, Hashable, Codable {
    /// One run with what is stored elsewhere about it.
    public struct Run: Sendable, Hashable, Codable {
        public var run: ChorusRun
        /// The artist's whole answer (the stored message text), if it is still stored.
        public var answer: String?
        public var generation: StoredGeneration?
    }

    /// Names the document's shape, for readers.
    public var format: String
    public var exportedAt: Date
    public var group: ChorusGroup
    public var artists: [Artist]
    public var runs: [Run]
    public var stats: ChorusStats

    /// Reads the group from the store. Throws `ChorusError.noSuchGroup` when it is unknown.
    public static func make(groupID: Int64, store: Store, now: Date = Date()) async throws -> ChorusExport {
        guard let detail = try await store.chorusGroupDetail(id: groupID) else { throw ChorusError.noSuchGroup(groupID) }
        var runs: [Run] = []
        for run in detail.runs {
            let answer = try await run.messageID.asyncFlatMap { try await store.message(id: $0)?.content }
            let generation = try await run.generationID.asyncFlatMap { try await store.generation(id: $0) }
            runs.append(Run(run: run, answer: answer, generation: generation))
        }
        return ChorusExport(format: "atelier.chorus-group/1", exportedAt: now, group: detail.group,
                            artists: detail.runs.map(\.artist), runs: runs, stats: detail.stats)
    }

    /// Pretty-printed JSON with sorted keys and ISO 8601 dates.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(self)
    }

    /// Reads an export back.
    public static func decode(_ data: Data) throws -> ChorusExport {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(ChorusExport.self, from: data)
    }
}

extension Optional {
    /// `flatMap` with an async transform.
    func asyncFlatMap<T>(_ transform: (Wrapped) async throws -> T?) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
