/// One dispatched Server-Sent Event, after the WHATWG rules have been applied.
///
/// Invariant: `type` is never empty (`message` when the event had no `event:` field);
/// `data` is the `data:` lines joined with `\n`. A plain value.
public struct SSEEvent: Sendable, Hashable {
    /// The `event:` field, or `message`.
    public var type: String
    /// The joined `data:` lines.
    public var data: String
    /// The last `id:` seen on the stream so far (WHATWG "last event ID"), empty if none.
    public var lastEventID: String

    public init(type: String = "message", data: String, lastEventID: String = "") {
        self.type = type
        self.data = data
        self.lastEventID = lastEventID
    }
}
