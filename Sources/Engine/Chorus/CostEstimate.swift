import Core

/// The most a set of artist calls should cost, from the registry's prices: the prompt
/// (system and user text) counted with `Usage.estimateTokens`, the output at each artist's
/// cap. Artists whose price (or model) is unknown count as free and are listed. A plain value.
public struct CostEstimate: Sendable, Hashable, Codable {
    /// One artist's share.
    public struct Line: Sendable, Hashable, Codable {
        public var slug: String
        public var inputTokens: Int
        public var outputTokens: Int
        /// Nil when no price is known.
        public var cost: Double?
    }

    public var lines: [Line]

    /// The known costs summed.
    public var total: Double { lines.reduce(0) { $0 + ($1.cost ?? 0) } }
    /// Slugs counted as free because no price is known.
    public var unpriced: [String] { lines.filter { $0.cost == nil }.map(\.slug) }

    public init(lines: [Line]) {
        self.lines = lines
    }

    /// Estimates `artists` answering `prompt` under `systemPrompt`.
    public static func make(prompt: String, systemPrompt: String, artists: [Artist], directory: any ModelDirectory,
                            defaultMaxTokens: Int) -> CostEstimate {
        let input = Usage.estimateTokens(systemPrompt) + Usage.estimateTokens(prompt)
        return CostEstimate(lines: artists.map { artist in
            let output = artist.maxTokens ?? defaultMaxTokens
            let info = try? directory.resolve(artist.model).info
            let cost = info?.estimatedCost(Usage(inputTokens: input, outputTokens: output, estimated: true))
            return Line(slug: artist.slug, inputTokens: input, outputTokens: output, cost: cost)
        })
    }
}
