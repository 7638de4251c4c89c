/// An artist's answer split into its two parts, with what the parser had to guess.
///
/// Invariant: `warnings` is empty exactly when both markers were found once, in order, each
/// with text under it. `imagePrompt` may be empty only when the answer had no text at all.
/// A plain value.
public struct ArtistResponse: Sendable, Hashable, Codable {
    public var statement: String
    public var imagePrompt: String
    public var warnings: [String]

    public init(statement: String, imagePrompt: String, warnings: [String] = []) {
        self.statement = statement
        self.imagePrompt = imagePrompt
        self.warnings = warnings
    }
}
