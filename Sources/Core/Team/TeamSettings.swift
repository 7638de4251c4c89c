/// The per-session limits that shape a team session's flow, stored with its record so a
/// reopened session behaves as it did. A plain value.
///
/// Invariants (enforced by `init`): `maxRefinementRounds >= 1`, `maxReviewRounds >= 0`,
/// `templateID` non-empty.
public struct TeamSettings: Sendable, Hashable, Codable {
    /// Refinement rounds before the options go to the person (default 3).
    public var maxRefinementRounds: Int
    /// How many times Lens may send a spec back (default 2).
    public var maxReviewRounds: Int
    /// The workflow template the spec targets (default `sd15-txt2img`).
    public var templateID: String

    public init(maxRefinementRounds: Int = 3, maxReviewRounds: Int = 2,
                templateID: String = GenerationSpec.defaultTemplateID) {
        self.maxRefinementRounds = max(1, maxRefinementRounds)
        self.maxReviewRounds = max(0, maxReviewRounds)
        self.templateID = templateID.isEmpty ? GenerationSpec.defaultTemplateID : templateID
    }
}
