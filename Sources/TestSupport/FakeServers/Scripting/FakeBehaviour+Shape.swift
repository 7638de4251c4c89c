extension FakeBehaviour {
    /// How fast pieces are written.
    public enum Pace: Sendable, Equatable {
        /// As fast as the socket takes them (the benchmark's mode).
        case unlimited
        /// Piece n is written no earlier than n / rate seconds after the first byte.
        case tokensPerSecond(Double)
    }

    /// A pause after `afterTokens` pieces; with `keepAliveEvery`, the server writes its
    /// keep-alive (SSE `: ping` comment, Anthropic `ping` event, a blank NDJSON line) at that
    /// interval while it waits. Ends early when the client leaves.
    public struct Stall: Sendable, Equatable {
        /// How long a stall lasts.
        public enum Span: Sendable, Equatable {
            case seconds(Double)
            /// Until the client closes the connection (or the server stops).
            case untilClientLeaves
        }

        public var afterTokens: Int
        public var span: Span
        public var keepAliveEvery: Double?

        public init(afterTokens: Int, span: Span, keepAliveEvery: Double? = nil) {
            self.afterTokens = afterTokens
            self.span = span
            self.keepAliveEvery = keepAliveEvery
        }
    }

    /// How a stream ends.
    public enum Ending: Sendable, Equatable {
        /// With the protocol's terminator and a properly ended HTTP body.
        case complete
        /// The connection is closed after K pieces (no terminator, no last chunk).
        case truncate(afterTokens: Int)
        /// The HTTP body ends properly after K pieces, with no protocol terminator.
        case endEarly(afterTokens: Int)
        /// The event after K pieces is partly written, then the connection is closed.
        case cut(afterTokens: Int, Cut)
        /// The provider's mid-stream error after K pieces (status stays 200), then the body ends.
        case error(afterTokens: Int, message: String?)
        /// Everything but the last event (`data: [DONE]`, `message_stop`, Ollama's `done:true`
        /// line), then the connection is closed (`abrupt`) or the body ends properly.
        case withoutTerminator(abrupt: Bool)
        /// The reply repeats forever, until the client leaves or the server stops.
        case endless

        var checkpoint: Int? {
            switch self {
            case .complete, .endless, .withoutTerminator: return nil
            case .truncate(let count), .endEarly(let count), .cut(let count, _), .error(let count, _): return count
            }
        }
    }

    /// Where a cut event stops.
    public enum Cut: Sendable, Equatable {
        /// Inside the event's JSON, half-way through.
        case midLine
        /// The whole line but not the terminator that dispatches it (SSE: the blank line;
        /// NDJSON: the trailing `\n`).
        case beforeDispatch
        /// After the first bytes of a multi-byte UTF-8 character (a `€` is slipped in when
        /// the event has none).
        case midCharacter
    }

    /// How each event is cut into socket writes (each write is its own chunk in chunked framing).
    public enum Chunking: Sendable, Equatable {
        /// One write per event.
        case perEvent
        /// Writes of at most n bytes.
        case everyBytes(Int)
        /// Splits at the worst places: inside every multi-byte character, between CR and LF,
        /// right after `data:`, before the final line feed, and in the middle.
        case awkward
        /// n events per write (several events in one TCP segment, as busy servers do).
        case batched(events: Int)
    }

    /// How the body is delimited on the wire.
    public enum Framing: Sendable, Equatable {
        case chunked
        /// `Content-Length` equal to the planned body (endless bodies stay chunked).
        case contentLength
        /// No length; the server closes the connection to end the body.
        case closeDelimited
        /// `Content-Length` off by `by` bytes (positive: announces more than is sent, then
        /// closes; negative: sends more than announced).
        case lyingContentLength(by: Int)
    }

    /// Bytes slipped into a stream after K pieces, in the provider's framing.
    public enum Injection: Sendable, Equatable {
        /// A content event whose string holds invalid UTF-8 (`C3 28 FF`).
        case invalidUTF8(afterTokens: Int)
        /// A content event whose text is `bytes` letters long (one giant line).
        case giantToken(afterTokens: Int, bytes: Int)
        /// Raw bytes, written as they are.
        case rawBytes(afterTokens: Int, [UInt8])

        var afterTokens: Int {
            switch self {
            case .invalidUTF8(let count), .giantToken(let count, _), .rawBytes(let count, _): return count
            }
        }
    }

    /// SSE line terminators (all three are legal per WHATWG).
    public enum LineEnding: Sendable, Equatable {
        case lf
        case crlf
        case cr

        var bytes: [UInt8] {
            switch self {
            case .lf: return [10]
            case .crlf: return [13, 10]
            case .cr: return [13]
            }
        }
    }
}
