/// Where a team session's conversation stands. Stored as the raw value.
///
/// The flow: `ideation` → `refinement` (rounds) → `synthesis` → `review` → `ready`; review
/// may send the flow back to `synthesis`. After `ready`, a person's change request runs
/// `adjustment` → `synthesis` → `review` → `ready` again (a new spec version). A plain value.
public enum TeamPhase: String, Sendable, Hashable, Codable, CaseIterable {
    /// Luna, Frame and Saga each give a first take.
    case ideation
    /// They answer each other; the engine asks for specifics; ends on consensus, repetition
    /// or after the last round.
    case refinement
    /// Pixel writes the generation spec.
    case synthesis
    /// Lens approves the spec or sends it back.
    case review
    /// After a result: the concerned specialists discuss a change request.
    case adjustment
    /// An approved (or accepted) spec is ready for generation.
    case ready
}
