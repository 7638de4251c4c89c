/// Everything the engine thread needs to start one transfer: the request, the caller's
/// control and the two continuations it must complete (the head exactly once; the body
/// stream finished exactly once). Built by `HTTPClient` on the caller's task and handed to
/// the engine thread through its inbox.
struct TransferJob: Sendable {
    let request: HTTPRequest
    let userAgent: String
    let control: TransferControl
    let head: CheckedContinuation<HTTPResponseHead, Error>
    let body: AsyncThrowingStream<[UInt8], Error>.Continuation
}
