/// What a fake server does with one chat request: what it answers, how fast, and how it
/// breaks. Every fake (Ollama, OpenAI-compatible, Anthropic) reads the same value and renders
/// it in its own wire format. Build one with a static constructor and chain modifiers:
///
///     FakeBehaviour.reply("Hello there", tokens: 2).paced(tokensPerSecond: 20).truncated(afterTokens: 1)
///
/// Invariants: "tokens" are the streamed pieces (reasoning pieces first, then content
/// pieces), counted from 0; "after K tokens" acts once K pieces have been written (K = 0:
/// right after the headers, before any event; K beyond the last piece: before the
/// terminating events). `failure`, when set, replaces the whole answer.
/// A plain `Sendable` value: make it anywhere, hand it to any server.
public struct FakeBehaviour: Sendable {
    /// The answer text.
    public var reply: Reply
    /// Reasoning text streamed before the answer (Ollama `thinking`, OpenAI-compatible
    /// `reasoning_content` / OpenRouter `reasoning`, an Anthropic thinking block), split at words.
    public var reasoning: String?
    /// How fast the pieces go out.
    public var pace: Pace
    /// Seconds to wait before sending the status line (returns early if the client leaves).
    public var headDelay: Double
    /// Seconds to wait after the headers before the first body byte.
    public var firstByteDelay: Double
    /// A pause in the middle of the stream.
    public var stall: Stall?
    /// How the stream ends.
    public var ending: Ending
    /// How each event is cut into socket writes.
    public var chunking: Chunking
    /// How the body is delimited; nil: as the real server does (chunked streams,
    /// `Content-Length` for whole JSON bodies).
    public var framing: Framing?
    /// Extra bytes slipped into the stream.
    public var injections: [Injection]
    /// Line terminators of SSE streams (NDJSON always uses `\n`, as Ollama does).
    public var lineEnding: LineEnding
    /// SSE servers write a `: ping` comment after every n pieces (Ollama ignores this).
    public var commentEvery: Int?
    /// Overrides the finish reason (`stop`/`length`, `end_turn`/`max_tokens`, ...).
    public var finishReason: String?
    /// Overrides the reported input token count (default: about four request bytes a token).
    public var inputTokens: Int?
    /// When set, the server answers with this error status instead of a reply.
    public var failure: Failure?

    /// The text a fake answers with when nothing else is scripted.
    public static let defaultText = "Hello from the fake server: café ☕, all good."

    public init(reply: Reply = .text(FakeBehaviour.defaultText)) {
        self.reply = reply
        self.reasoning = nil
        self.pace = .unlimited
        self.headDelay = 0
        self.firstByteDelay = 0
        self.stall = nil
        self.ending = .complete
        self.chunking = .perEvent
        self.framing = nil
        self.injections = []
        self.lineEnding = .lf
        self.commentEvery = nil
        self.finishReason = nil
        self.inputTokens = nil
        self.failure = nil
    }

    // MARK: - Constructors

    /// The default: `defaultText` at word boundaries, as fast as possible, complete.
    public static var standard: FakeBehaviour { FakeBehaviour() }

    /// A fixed text, split at word boundaries (`tokens == nil`) or into `tokens` near-equal pieces.
    public static func reply(_ text: String, tokens: Int? = nil) -> FakeBehaviour {
        FakeBehaviour(reply: .text(text, tokens: tokens))
    }

    /// `tokens` generated pieces from a fixed vocabulary (see `Reply.generatedText(tokens:)`).
    public static func generated(tokens: Int) -> FakeBehaviour {
        FakeBehaviour(reply: .generated(tokens: tokens))
    }

    /// An answer computed from the parsed request (runs on the connection's thread).
    public static func responder(tokens: Int? = nil,
                                 _ answer: @escaping @Sendable (FakeChatRequest) -> String) -> FakeBehaviour {
        FakeBehaviour(reply: .responder(tokens: tokens, answer))
    }

    /// An error status with the provider's real error body.
    public static func failure(_ status: Int, message: String? = nil, retryAfter: RetryAfter? = nil) -> FakeBehaviour {
        failure(Failure(status: status, message: message, retryAfter: retryAfter))
    }

    /// An error answer as described.
    public static func failure(_ failure: Failure) -> FakeBehaviour {
        var behaviour = FakeBehaviour()
        behaviour.failure = failure
        return behaviour
    }

    /// Headers, then only keep-alives (SSE comments, Anthropic `ping` events, blank NDJSON
    /// lines) every `interval` seconds, never any content, until the client leaves.
    public static func keepAliveOnly(every interval: Double) -> FakeBehaviour {
        FakeBehaviour().stalling(afterTokens: 0, for: .untilClientLeaves, keepAliveEvery: interval)
    }

    // MARK: - Modifiers (each returns a changed copy)

    public func thinking(_ text: String) -> FakeBehaviour { with { $0.reasoning = text } }

    public func paced(tokensPerSecond rate: Double) -> FakeBehaviour { with { $0.pace = .tokensPerSecond(rate) } }

    public func delayed(head: Double = 0, firstByte: Double = 0) -> FakeBehaviour {
        with {
            $0.headDelay = head
            $0.firstByteDelay = firstByte
        }
    }

    public func stalling(afterTokens count: Int, for span: Stall.Span, keepAliveEvery interval: Double? = nil) -> FakeBehaviour {
        with { $0.stall = Stall(afterTokens: count, span: span, keepAliveEvery: interval) }
    }

    /// Closes the connection after `count` pieces: no terminator, and the HTTP body is left
    /// unfinished (no last chunk).
    public func truncated(afterTokens count: Int) -> FakeBehaviour { with { $0.ending = .truncate(afterTokens: count) } }

    /// Ends the HTTP body properly after `count` pieces, but without the protocol's
    /// terminator (`[DONE]`, `message_stop`, `done:true`).
    public func endingEarly(afterTokens count: Int) -> FakeBehaviour { with { $0.ending = .endEarly(afterTokens: count) } }

    /// Sends everything but the protocol's terminator (`[DONE]`, `message_stop`, the
    /// `done:true` line), then closes the connection (`abrupt`) or ends the body properly.
    public func withoutTerminator(abrupt: Bool = true) -> FakeBehaviour {
        with { $0.ending = .withoutTerminator(abrupt: abrupt) }
    }

    /// Writes part of the event after `count` pieces, then closes the connection.
    public func cut(afterTokens count: Int, _ where: Cut) -> FakeBehaviour {
        with { $0.ending = .cut(afterTokens: count, `where`) }
    }

    /// After `count` pieces, the provider's mid-stream error event, then the body ends.
    public func failingMidStream(afterTokens count: Int, message: String? = nil) -> FakeBehaviour {
        with { $0.ending = .error(afterTokens: count, message: message) }
    }

    /// Never ends: the reply's pieces repeat until the client leaves or the server stops.
    public func endless() -> FakeBehaviour { with { $0.ending = .endless } }

    public func split(_ chunking: Chunking) -> FakeBehaviour { with { $0.chunking = chunking } }

    public func framed(_ framing: Framing) -> FakeBehaviour { with { $0.framing = framing } }

    public func injecting(_ injection: Injection) -> FakeBehaviour { with { $0.injections.append(injection) } }

    public func lineEndings(_ ending: LineEnding) -> FakeBehaviour { with { $0.lineEnding = ending } }

    public func comments(every count: Int) -> FakeBehaviour { with { $0.commentEvery = max(1, count) } }

    public func finishing(reason: String) -> FakeBehaviour { with { $0.finishReason = reason } }

    public func counting(inputTokens count: Int) -> FakeBehaviour { with { $0.inputTokens = count } }

    private func with(_ change: (inout FakeBehaviour) -> Void) -> FakeBehaviour {
        var copy = self
        change(&copy)
        return copy
    }
}
