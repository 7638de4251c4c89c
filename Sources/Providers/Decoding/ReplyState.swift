import Core

/// What every decoder accumulates: the answer and reasoning so far, the deltas not yet
/// returned, the ending once the terminator arrived, and the first failure (sticky).
/// Owned by one decoder.
struct ReplyState: Sendable {
    private(set) var text = ""
    private(set) var reasoning = ""
    private var deltas: [ChatDelta] = []
    private(set) var end: ChatStreamEnd?
    private(set) var failure: ProviderError?
    /// True once `end` or `failure` is set (a flag, so the per-line check copies nothing).
    private(set) var isOver = false

    mutating func appendText(_ piece: String) {
        guard !piece.isEmpty else { return }
        text += piece
        deltas.append(.text(piece))
    }

    mutating func appendReasoning(_ piece: String) {
        guard !piece.isEmpty else { return }
        reasoning += piece
        deltas.append(.reasoning(piece))
    }

    mutating func takeDeltas() -> [ChatDelta] {
        guard !deltas.isEmpty else { return [] }
        defer { deltas.removeAll(keepingCapacity: true) }
        return deltas
    }

    mutating func finish(usage: Usage, finishReason: String?) {
        end = ChatStreamEnd(text: text, reasoning: reasoning, usage: usage, finishReason: finishReason)
        isOver = true
    }

    /// The deltas of a chunk whose framing threw `error`. When the terminator was decoded
    /// earlier in the chunk the error is about bytes after it, which are ignored (as they are
    /// when they come in a later chunk), so the ending stands; otherwise it is the failure.
    mutating func deltasAfterFramingFailure(_ error: any Error) throws -> [ChatDelta] {
        if end != nil { return takeDeltas() }
        throw fail(error)
    }

    /// Records `error` as the decoder's failure, with the partial text, and returns it.
    mutating func fail(_ error: any Error) -> ProviderError {
        if let failure { return failure }
        let providerError = (error as? ProviderError)
            ?? ProviderError(.malformed, "the stream could not be decoded: \(error)")
        let recorded = providerError.withPartialText(text)
        failure = recorded
        isOver = true
        deltas.removeAll()
        return recorded
    }

    /// The error for a body that ended before `terminator`.
    mutating func incomplete(terminator: String) -> ProviderError {
        let said = text.isEmpty ? "before any text" : "after \(text.count) characters of text"
        return fail(ProviderError(.incomplete, "the reply stream ended \(said) without its terminator (\(terminator)); the answer is cut short"))
    }
}
