import Core

extension Array where Element == ChatDelta {
    /// The same deltas with every run of adjacent pieces of one kind (`.text` after `.text`,
    /// `.reasoning` after `.reasoning`) joined into one piece; order and bytes are kept, and
    /// `.finished` is never merged. `StreamingChatCall` applies it to the deltas of one body
    /// chunk: what arrived together is handed on together, so a reader that fell behind a
    /// fast server pays the per-element cost of the stream, the engine and the store once per
    /// network read instead of once per token. A pure function; any thread.
    func coalesced() -> [ChatDelta] {
        guard count > 1 else { return self }
        var result: [ChatDelta] = []
        var run = ""
        var runIsReasoning = false
        var runLength = 0
        func close() {
            guard runLength > 0 else { return }
            result.append(runIsReasoning ? .reasoning(run) : .text(run))
            run = ""
            runLength = 0
        }
        for delta in self {
            switch delta {
            case .text(let piece), .reasoning(let piece):
                let isReasoning: Bool
                if case .reasoning = delta { isReasoning = true } else { isReasoning = false }
                if runLength > 0, isReasoning != runIsReasoning { close() }
                runIsReasoning = isReasoning
                if runLength == 0 { run = piece } else { run += piece }
                runLength += 1
            case .finished:
                close()
                result.append(delta)
            }
        }
        close()
        return result
    }
}
