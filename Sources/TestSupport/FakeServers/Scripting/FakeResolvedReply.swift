/// A behaviour's reply resolved against one request: the content pieces (a list, or a count
/// of generated pieces so that a million-token benchmark reply costs no million strings),
/// the reasoning pieces, and whether the request's output limit clipped the content.
/// A plain value, made on the connection's thread.
struct FakeResolvedReply {
    private enum Content {
        case list([String])
        case generated(Int)
    }

    private let content: Content
    let reasoning: [String]
    /// True when `maxTokens` cut the content short (finish reason `length` / `max_tokens`).
    let hitLimit: Bool

    init(_ behaviour: FakeBehaviour, request: FakeChatRequest) {
        reasoning = behaviour.reasoning.map { FakeBehaviour.split($0) } ?? []
        var content: Content
        switch behaviour.reply {
        case .generated(let count): content = .generated(max(0, count))
        default: content = .list(behaviour.reply.pieces(for: request))
        }
        var clipped = false
        if let limit = request.maxTokens, limit >= 0 {
            switch content {
            case .list(let pieces) where pieces.count > limit:
                content = .list(Array(pieces.prefix(limit)))
                clipped = true
            case .generated(let count) where count > limit:
                content = .generated(limit)
                clipped = true
            default: break
            }
        }
        self.content = content
        self.hitLimit = clipped
    }

    var contentCount: Int {
        switch content {
        case .list(let pieces): return pieces.count
        case .generated(let count): return count
        }
    }

    /// Output tokens as reported in usage: one per streamed piece.
    var outputTokens: Int { reasoning.count + contentCount }

    var contentText: String {
        switch content {
        case .list(let pieces): return pieces.joined()
        case .generated(let count): return FakeBehaviour.Reply.generatedText(tokens: count)
        }
    }

    var reasoningText: String { reasoning.joined() }

    func contentSource(_ template: FakeEventTemplate) -> FakeTokenSource {
        switch content {
        case .list(let pieces): return FakeTokenSource(template: template, pieces: pieces)
        case .generated(let count): return FakeTokenSource(template: template, generatedCount: count)
        }
    }

    func reasoningSource(_ template: FakeEventTemplate) -> FakeTokenSource? {
        reasoning.isEmpty ? nil : FakeTokenSource(template: template, pieces: reasoning)
    }
}
