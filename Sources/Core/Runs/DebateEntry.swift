import Foundation

/// One model's part in a multi-model run: its anonymous label, its status, and the ids of
/// the messages of its thread (stored in its own thread session, loaded only on demand).
///
/// Invariants: `label` is `A`, `B`, … by `position` (0-based) and never changes; `error` and
/// `errorStage` are set only when `status == .error`; `usage`, `latency` and `cost` add up
/// both stages. A plain value, as the store returns it.
public struct DebateEntry: Sendable, Hashable, Codable, Identifiable {
    public var id: Int64
    public var runID: Int64
    public var position: Int
    public var model: ModelRef
    public var label: String
    public var status: DebateEntryStatus
    public var error: String?
    public var errorStage: DebateStage?
    /// The session that holds this model's thread (prompt and answer per stage).
    public var threadSessionID: Int64?
    public var initialPromptMessageID: Int64?
    public var initialAnswerMessageID: Int64?
    public var debatePromptMessageID: Int64?
    public var debateAnswerMessageID: Int64?
    public var usage: Usage
    /// Seconds over both stages, stored to the millisecond.
    public var latency: Double?
    public var cost: Double?
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: Int64, runID: Int64, position: Int, model: ModelRef, label: String, status: DebateEntryStatus,
                error: String? = nil, errorStage: DebateStage? = nil, threadSessionID: Int64? = nil,
                initialPromptMessageID: Int64? = nil, initialAnswerMessageID: Int64? = nil,
                debatePromptMessageID: Int64? = nil, debateAnswerMessageID: Int64? = nil, usage: Usage = .zero,
                latency: Double? = nil, cost: Double? = nil, createdAt: Date, updatedAt: Date) {
        self.id = id
        self.runID = runID
        self.position = position
        self.model = model
        self.label = label
        self.status = status
        self.error = error
        self.errorStage = errorStage
        self.threadSessionID = threadSessionID
        self.initialPromptMessageID = initialPromptMessageID
        self.initialAnswerMessageID = initialAnswerMessageID
        self.debatePromptMessageID = debatePromptMessageID
        self.debateAnswerMessageID = debateAnswerMessageID
        self.usage = usage
        self.latency = latency
        self.cost = cost
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// `Response A`, as the other models (and the board) name it.
    public var displayLabel: String { "Response \(label)" }

    /// The label of a position: `A`…`Z`, then `AA`, `AB`, … (spreadsheet columns).
    public static func label(forPosition position: Int) -> String {
        var number = max(0, position) + 1
        var letters: [Character] = []
        while number > 0 {
            let remainder = (number - 1) % 26
            letters.append(Character(UnicodeScalar(UInt8(65 + remainder))))
            number = (number - 1) / 26
        }
        return String(letters.reversed())
    }
}

/// One model's thread as loaded on demand: each stage's prompt and answer. A plain value.
public struct DebateThread: Sendable, Hashable, Codable {
    /// One stage of the thread; a message is nil when that step never happened.
    public struct Step: Sendable, Hashable, Codable {
        public var stage: DebateStage
        public var prompt: StoredMessage?
        public var answer: StoredMessage?

        public init(stage: DebateStage, prompt: StoredMessage?, answer: StoredMessage?) {
            self.stage = stage
            self.prompt = prompt
            self.answer = answer
        }
    }

    public var entry: DebateEntry
    public var steps: [Step]

    public init(entry: DebateEntry, steps: [Step]) {
        self.entry = entry
        self.steps = steps
    }
}
