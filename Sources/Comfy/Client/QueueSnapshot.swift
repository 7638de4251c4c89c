/// `GET /queue` at one moment: the running job(s) and the pending ones, sorted by their
/// priority number (ComfyUI sends the pending list as an unsorted heap). A plain value.
public struct QueueSnapshot: Sendable, Hashable {
    /// One queue item: its priority number and prompt id.
    public struct Item: Sendable, Hashable {
        public var number: Double
        public var promptID: String
        /// The `client_id` of `extra_data`: the client whose socket gets the job's events.
        public var clientID: String?

        public init(number: Double, promptID: String, clientID: String? = nil) {
            self.number = number
            self.promptID = promptID
            self.clientID = clientID
        }
    }

    public var running: [Item]
    /// Sorted so the first runs next.
    public var pending: [Item]

    public init(running: [Item], pending: [Item]) {
        self.running = running
        self.pending = pending.sorted { $0.number < $1.number }
    }

    /// Parses a `/queue` answer; items that are not `[number, prompt_id, ...]` are skipped.
    public static func parse(_ body: JSONValue) throws(ComfyError) -> QueueSnapshot {
        guard body.objectValue != nil else { throw ComfyError(.malformed, "ComfyUI's /queue answer is not a JSON object") }
        func items(_ key: String) -> [Item] {
            (body[key]?.arrayValue ?? []).compactMap { entry in
                guard let fields = entry.arrayValue, fields.count >= 2, let number = fields[0].doubleValue,
                      let id = fields[1].stringValue else { return nil }
                let client = fields.count >= 4 ? fields[3]["client_id"]?.stringValue : nil
                return Item(number: number, promptID: id, clientID: client.flatMap { $0.isEmpty ? nil : String($0.prefix(256)) })
            }
        }
        return QueueSnapshot(running: items("queue_running"), pending: items("queue_pending"))
    }

    /// How many jobs run before this one: 0 when it is next; nil when it is not pending.
    public func position(of promptID: String) -> Int? {
        guard let index = pending.firstIndex(where: { $0.promptID == promptID }) else { return nil }
        return index + running.count
    }

    /// The queue item of `promptID`, running or pending.
    public func item(_ promptID: String) -> Item? {
        running.first { $0.promptID == promptID } ?? pending.first { $0.promptID == promptID }
    }

    public func isRunning(_ promptID: String) -> Bool { running.contains { $0.promptID == promptID } }

    public func contains(_ promptID: String) -> Bool { isRunning(promptID) || position(of: promptID) != nil }
}
