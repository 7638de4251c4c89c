/// A response whose head has arrived and whose body is still coming. The body stream yields
/// chunks as libcurl delivers them, ends at the end of the body, or throws an `HTTPError`
/// (truncation, stall, size cap, `cancel()`).
///
/// How to stop early: call `cancel()` (idempotent, harmless after the end), or cancel the
/// task that is iterating `body`. Breaking out of `for try await` alone does NOT stop the
/// transfer while this value (or a copy of `body`) is still alive; the transfer stops only
/// when every copy of the stream is released. So: `defer { response.cancel() }`.
/// When the consuming task is cancelled the stream simply ends (as every
/// `AsyncThrowingStream` does); check `Task.isCancelled` if that matters.
/// Sendable; any task may cancel it.
public struct HTTPStreamingResponse: Sendable {
    /// Status and headers of the final response.
    public var head: HTTPResponseHead
    /// The body, chunk by chunk.
    public var body: AsyncThrowingStream<[UInt8], Error>
    private let control: TransferControl

    init(head: HTTPResponseHead, body: AsyncThrowingStream<[UInt8], Error>, control: TransferControl) {
        self.head = head
        self.body = body
        self.control = control
    }

    /// Closes the connection at once; the body stream ends with `HTTPError.Kind.cancelled`
    /// if it had not ended already.
    public func cancel() { control.cancel() }
}
