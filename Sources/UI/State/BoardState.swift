/// The status board: run cards, the run summary, and the team's specialists.
///
/// Invariants: `cards` keeps the order in which cards first appeared and holds one card per
/// id; card and summary texts are sanitized; `selectedCardID`, when set, names a card that is
/// visible (see `sections`). Owned by `AppState`; changed only by `update`.
public struct BoardState: Sendable, Hashable {
    public private(set) var cards: [Card] = []
    public var summary: SummaryState = .none
    public var specialists: [Specialist: SpecialistActivity] = [:]
    /// True once a team session has shown a sign of life (a phase or a specialist speaking).
    public var showsTeam = false
    public var selectedCardID: String?
    /// Which card's thread each card message belongs to, and how many raw UTF-8 bytes of it the
    /// UI has seen (the details pane uses this to stitch the stored thread to live deltas).
    var cardOfMessage: [Int64: String] = [:]
    var bytesSeen: [Int64: Int] = [:]

    public init() {}

    /// Inserts or updates a card (texts sanitized here).
    mutating func upsert(_ update: CardUpdate) {
        let card = Card(id: update.id, group: Sanitize.line(update.group), title: Sanitize.line(update.title),
                        stage: Sanitize.line(update.stage), status: update.status,
                        message: update.message.map(Sanitize.text))
        if let position = cards.firstIndex(where: { $0.id == update.id }) {
            cards[position] = card
        } else {
            cards.append(card)
        }
    }

    /// The card with `id`.
    public func card(_ id: String) -> Card? { cards.first { $0.id == id } }

    /// The board's sections in order: by group, then by stage in order of first appearance. A
    /// stage after a group's first one appears only once every card of the earlier stages has
    /// finished (done or error): the debate section shows once every run has left `initial`.
    public var sections: [BoardSection] {
        var groups: [String] = []
        for card in cards where !groups.contains(card.group) { groups.append(card.group) }
        var result: [BoardSection] = []
        for group in groups {
            let groupCards = cards.filter { $0.group == group }
            var stages: [String] = []
            for card in groupCards where !stages.contains(card.stage) { stages.append(card.stage) }
            var earlierFinished = true
            for (offset, stage) in stages.enumerated() {
                let stageCards = groupCards.filter { $0.stage == stage }
                if offset > 0 && !earlierFinished { break }
                result.append(BoardSection(group: group, stage: stage, cards: stageCards, isFirstOfGroup: offset == 0))
                earlierFinished = earlierFinished && stageCards.allSatisfy { $0.status.isTerminal }
            }
        }
        return result
    }

    /// The cards shown, in board order (what selection moves through).
    public var visibleCards: [Card] { sections.flatMap(\.cards) }

    /// True when something on the board is running (its spinner needs ticks).
    var isAnimating: Bool {
        if cards.contains(where: { $0.status == .running }) { return true }
        if summary == .inProgress { return true }
        return specialists.values.contains(.speaking)
    }
}

/// One card as the board shows it (sanitized). A plain value.
public struct Card: Sendable, Hashable {
    public var id: String
    public var group: String
    public var title: String
    public var stage: String
    public var status: CardStatus
    public var message: String?
}

/// A run of cards under one group and stage heading. A plain value.
public struct BoardSection: Sendable, Hashable {
    public var group: String
    public var stage: String
    public var cards: [Card]
    public var isFirstOfGroup: Bool
}

/// What a specialist is doing in the team session.
public enum SpecialistActivity: Sendable, Hashable {
    case waiting
    case speaking
    case done
    case failed(String)
}
