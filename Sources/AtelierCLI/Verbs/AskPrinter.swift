import Core
import Engine
import Synchronization

/// Prints the events of one `ask` turn as they arrive: the answer text (sanitized through a
/// `StreamingSanitizer` when stdout is a terminal, byte-exact otherwise) or `--json` event
/// lines. Called from the turn's task; the sanitizer state is behind a Mutex because the
/// event callback is `@Sendable`.
final class AskPrinter: Sendable {
    private let streams: StandardStreams
    private let json: Bool
    private let sessionID: Int64
    private let state = Mutex(State())

    private struct State {
        var sanitizer = StreamingSanitizer()
        var endsWithNewline = true
        var printedAny = false
    }

    init(streams: StandardStreams, json: Bool, sessionID: Int64) {
        self.streams = streams
        self.json = json
        self.sessionID = sessionID
    }

    func handle(_ event: TurnEvent) {
        switch event {
        case .started(let id, _, let model):
            guard json else { return }
            var line = AskEvent(type: "start")
            line.sessionId = sessionID
            line.messageId = id
            line.model = model.description
            streams.out(JSONLines().line(line))
        case .text(_, let piece):
            if json {
                var line = AskEvent(type: "delta")
                line.text = piece
                streams.out(JSONLines().line(line))
                return
            }
            let shown: String = state.withLock { state in
                state.printedAny = true
                let out = streams.stdoutIsTerminal ? state.sanitizer.feed(piece) : piece
                if let last = out.last { state.endsWithNewline = last == "\n" }
                return out
            }
            if !shown.isEmpty { streams.out(shown) }
        case .reasoning(_, let piece):
            guard json else { return }
            var line = AskEvent(type: "reasoning")
            line.text = piece
            streams.out(JSONLines().line(line))
        case .finished, .failed:
            break
        }
    }

    /// Flushes the sanitizer, ends the line on a terminal, and prints the summary (or the
    /// `done`/`error` event).
    func end(_ outcome: TurnOutcome) {
        let message = outcome.message
        if json {
            var line = AskEvent(type: outcome.error == nil ? "done" : "error")
            line.sessionId = sessionID
            line.messageId = message.id
            line.model = message.model
            line.status = message.status.rawValue
            line.tokensIn = message.usage?.inputTokens
            line.tokensOut = message.usage?.outputTokens
            line.tokensEstimated = message.usage?.estimated
            line.latencySeconds = message.latency
            line.firstTokenSeconds = message.timeToFirstToken
            line.cost = message.cost
            if let error = outcome.error {
                line.kind = error.kind.rawValue
                line.message = error.description
                line.partialText = message.content
            }
            streams.out(JSONLines().line(line))
            return
        }
        let (tail, endsWithNewline, printedAny) = state.withLock { state in
            let tail = streams.stdoutIsTerminal ? state.sanitizer.finish() : ""
            if let last = tail.last { state.endsWithNewline = last == "\n" }
            return (tail, state.endsWithNewline, state.printedAny)
        }
        if !tail.isEmpty { streams.out(tail) }
        if streams.stdoutIsTerminal && printedAny && !endsWithNewline { streams.out("\n") }
        if streams.stderrIsTerminal && outcome.error == nil {
            // The header names the model as typed with -m, which may hold any text.
            streams.errUntrusted(MessageFormatter.messageHeader(message) + " · session #\(sessionID)\n")
        }
    }
}
