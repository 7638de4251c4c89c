/// Where one model of a multi-model run stands.
///
/// `initial` (its first answer is being written) → `debate` (its first answer is in; it is
/// waiting for the others' or revising after reading them) → `complete`; or `error` at
/// either stage (`DebateEntry.errorStage` says which). Stored as its raw value. A plain value.
public enum DebateEntryStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case initial
    case debate
    case complete
    case error

    public var isTerminal: Bool { self == .complete || self == .error }
}

/// The two stages of a per-model run: the first answer and the revision after reading the
/// others. A plain value.
public enum DebateStage: String, Sendable, Hashable, Codable, CaseIterable {
    case initial
    case debate
}
