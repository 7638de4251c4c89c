import Foundation

/// A stored chorus run group: one versioned prompt (its text and SHA-256), one fixed brush,
/// a budget, and the session that holds the prompt and every artist's answer.
///
/// Invariants: `id` is shared with every other kind of run (`runs.id`); `promptSHA256` is
/// the lowercase hex SHA-256 of `prompt`'s UTF-8 bytes; `budget` and `estimatedCost` are
/// dollars. A plain value, as the store returns it.
public struct ChorusGroup: Sendable, Hashable, Codable, Identifiable {
    public var id: Int64
    public var sessionID: Int64
    public var promptVersion: String
    public var prompt: String
    public var promptSHA256: String
    /// The format instruction the artists were given.
    public var systemPrompt: String
    public var brush: BrushSettings
    public var budget: Double?
    /// The estimate made before the start (registry prices, maximum output).
    public var estimatedCost: Double?
    public var status: RunStatus
    /// Why the group stopped early ("budget exhausted…", "cancelled"), if it did.
    public var note: String?
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: Int64, sessionID: Int64, promptVersion: String, prompt: String, promptSHA256: String,
                systemPrompt: String, brush: BrushSettings, budget: Double?, estimatedCost: Double?,
                status: RunStatus, note: String?, createdAt: Date, updatedAt: Date) {
        self.id = id
        self.sessionID = sessionID
        self.promptVersion = promptVersion
        self.prompt = prompt
        self.promptSHA256 = promptSHA256
        self.systemPrompt = systemPrompt
        self.brush = brush
        self.budget = budget
        self.estimatedCost = estimatedCost
        self.status = status
        self.note = note
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// Counts and figures of a group's runs: how many in each status, dollars spent, mean
/// seconds of the runs that finished well. A plain value.
public struct ChorusStats: Sendable, Hashable, Codable {
    public var total: Int
    public var queued: Int
    public var generating: Int
    public var done: Int
    public var failed: Int
    public var inputTokens: Int
    public var outputTokens: Int
    public var totalCost: Double
    /// Mean artist + brush seconds over `done` runs; nil when none is done.
    public var meanLatency: Double?

    public init(total: Int = 0, queued: Int = 0, generating: Int = 0, done: Int = 0, failed: Int = 0,
                inputTokens: Int = 0, outputTokens: Int = 0, totalCost: Double = 0, meanLatency: Double? = nil) {
        self.total = total
        self.queued = queued
        self.generating = generating
        self.done = done
        self.failed = failed
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.totalCost = totalCost
        self.meanLatency = meanLatency
    }
}

/// A group with its runs (by position) and statistics. A plain value.
public struct ChorusGroupDetail: Sendable, Hashable, Codable {
    public var group: ChorusGroup
    public var runs: [ChorusRun]
    public var stats: ChorusStats

    public init(group: ChorusGroup, runs: [ChorusRun], stats: ChorusStats) {
        self.group = group
        self.runs = runs
        self.stats = stats
    }
}

/// One artist's figures over every stored group: runs, outcomes, tokens, dollars, seconds.
/// A plain value.
public struct ArtistTotals: Sendable, Hashable, Codable {
    public var slug: String
    public var runs: Int
    public var done: Int
    public var failed: Int
    public var inputTokens: Int
    public var outputTokens: Int
    public var cost: Double
    public var meanLatency: Double?

    public init(slug: String, runs: Int, done: Int, failed: Int, inputTokens: Int, outputTokens: Int,
                cost: Double, meanLatency: Double?) {
        self.slug = slug
        self.runs = runs
        self.done = done
        self.failed = failed
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.cost = cost
        self.meanLatency = meanLatency
    }
}
