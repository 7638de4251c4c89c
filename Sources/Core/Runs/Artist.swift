/// One artist of the chorus: a model with a name and its sampling settings.
///
/// Invariant: `slug` is non-empty, lowercase letters, digits, `-`, `_` and `.` (see
/// `isValidSlug`); it names the artist on the command line and in exports. A plain value.
public struct Artist: Sendable, Hashable, Codable, Identifiable {
    public var slug: String
    public var model: ModelRef
    public var displayName: String
    public var temperature: Double?
    /// The most output tokens asked for; also the output side of the budget estimate.
    public var maxTokens: Int?

    public init(slug: String, model: ModelRef, displayName: String? = nil, temperature: Double? = nil,
                maxTokens: Int? = nil) {
        self.slug = slug
        self.model = model
        self.displayName = displayName ?? slug
        self.temperature = temperature
        self.maxTokens = maxTokens
    }

    public var id: String { slug }

    /// Whether `text` can be a slug: 1–64 of `a-z 0-9 - _ .`.
    public static func isValidSlug(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 64 && text.unicodeScalars.allSatisfy { scalar in
            ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "-" || scalar == "_" || scalar == "."
        }
    }
}
