import Core
import Foundation
import Store

/// The rows of `atelier runs list`: debates and chorus groups (`Store.runs`, one cheap
/// query) merged with team sessions, newest first, and how they print. Stateless.
enum RunsListing {
    /// One row, in the shape `--json` prints it.
    struct Item: Encodable {
        /// What `atelier runs show` takes: `7`, or `team:12`.
        var ref: String
        var kind: String
        var id: Int64
        var sessionId: Int64
        var promptPreview: String
        var status: String
        var total: Int?
        var succeeded: Int?
        var failed: Int?
        var phase: String?
        var specVersion: Int?
        var cost: Double?
        var createdAt: Date
        var updatedAt: Date
    }

    /// The newest `limit` rows. Team sessions come from the store ordered by last update, read
    /// page by page until no later one can be newer by creation than the rows kept.
    static func load(store: Store, limit: Int) async throws -> [Item] {
        var items = try await store.runs(limit: limit).map(item)
        let pageSize = 50
        var offset = 0
        while true {
            let page = try await store.teamSessions(limit: pageSize, offset: offset)
            items += page.map(item)
            items.sort { ($0.createdAt, $0.id) > ($1.createdAt, $1.id) }
            items = Array(items.prefix(limit))
            guard page.count == pageSize, let oldest = page.last else { break }
            if items.count == limit, let threshold = items.last?.createdAt, oldest.updatedAt < threshold { break }
            offset += pageSize
        }
        return items
    }

    static func item(_ run: RunListItem) -> Item {
        Item(ref: String(run.id), kind: run.kind.rawValue, id: run.id, sessionId: run.sessionID,
             promptPreview: run.promptPreview, status: run.status.rawValue, total: run.total, succeeded: run.succeeded,
             failed: run.failed, cost: run.cost, createdAt: run.createdAt, updatedAt: run.updatedAt)
    }

    static func item(_ record: TeamSessionRecord) -> Item {
        Item(ref: "team:\(record.sessionID)", kind: RunKind.team.rawValue, id: record.sessionID,
             sessionId: record.sessionID, promptPreview: String(record.request.prefix(120)),
             status: record.status.rawValue, phase: record.phase.rawValue, specVersion: record.currentSpecVersion,
             createdAt: record.createdAt, updatedAt: record.updatedAt)
    }

    static func print(_ items: [Item], json: Bool, streams: StandardStreams) {
        if json {
            for item in items { streams.out(JSONLines().line(item)) }
            return
        }
        guard !items.isEmpty else {
            streams.err("No runs yet: try `atelier debate -m A,B \"a question\"`, `atelier chorus` or `atelier team`.\n")
            return
        }
        for item in items { streams.outUntrusted(line(item) + "\n") }
    }

    /// `7        debate  complete      2026-11-21 15:04  2 of 3 answered, 1 failed  $0.0012  why…`.
    static func line(_ item: Item) -> String {
        let progress: String
        if item.kind == RunKind.team.rawValue {
            progress = item.specVersion.map { "phase \(item.phase ?? "?"), spec v\($0)" } ?? "phase \(item.phase ?? "?")"
        } else {
            let noun = item.kind == RunKind.chorus.rawValue ? "done" : "answered"
            progress = "\(item.succeeded ?? 0) of \(item.total ?? 0) \(noun)" + ((item.failed ?? 0) > 0 ? ", \(item.failed ?? 0) failed" : "")
        }
        let cost = item.cost.map(MessageFormatter.dollars) ?? "-"
        return pad(item.ref, 9) + pad(item.kind, 8) + pad(item.status, 23) + MessageFormatter.timestamp(item.createdAt) + "  "
            + pad(progress, 26) + pad(cost, 9) + MessageFormatter.oneLine(item.promptPreview, limit: 60)
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text.padding(toLength: width, withPad: " ", startingAt: 0)
    }
}
