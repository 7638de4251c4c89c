/// Makes HTTP requests over libcurl. All transfers of one client run on one dedicated thread
/// through one libcurl multi handle (so many run at once and connections are reused);
/// callers only await. Enforces the connect, first-byte and stall limits and the response
/// size cap, and stops a transfer (closing its connection) when the awaiting task is
/// cancelled, when the body stream is cancelled or released, or on `cancel()`.
/// Every failure is an `HTTPError`; any HTTP status is a response.
/// Sendable: call from any task. Transfers in flight finish even if the client is released.
public final class HTTPClient: Sendable {
    private let engine: TransferEngine
    private let userAgent: String

    /// A client with its own engine thread. `userAgent` is sent as `User-Agent`.
    public init(userAgent: String = "atelier") {
        self.engine = TransferEngine()
        self.userAgent = userAgent
    }

    deinit { engine.clientReleased() }

    /// The process-wide client.
    public static let shared = HTTPClient()

    /// Starts a request and returns once the status line and headers of the final response
    /// have arrived; the body follows in `body`. Throws `HTTPError` for failures before the
    /// head (kind `.cancelled` when the task is cancelled meanwhile).
    /// See `HTTPStreamingResponse` for how to stop reading early.
    public func stream(_ request: HTTPRequest) async throws -> HTTPStreamingResponse {
        let control = engine.makeControl()
        let (body, bodyContinuation) = AsyncThrowingStream<[UInt8], Error>.makeStream()
        bodyContinuation.onTermination = { termination in
            if case .cancelled = termination { control.cancel() }
        }
        let userAgent = self.userAgent
        let engine = self.engine
        let head = try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (headContinuation: CheckedContinuation<HTTPResponseHead, Error>) in
                let job = TransferJob(request: request, userAgent: userAgent, control: control,
                                      head: headContinuation, body: bodyContinuation)
                if Task.isCancelled { control.cancel() }
                if !engine.enqueue(.add(job)) {
                    let error = HTTPError(kind: .transport, url: request.url, message: "the HTTP engine is not running")
                    headContinuation.resume(throwing: error)
                    bodyContinuation.finish(throwing: error)
                }
            }
        } onCancel: {
            control.cancel()
        }
        return HTTPStreamingResponse(head: head, body: body, control: control)
    }

    /// Makes a request and collects the whole body (for JSON endpoints), with the same limits
    /// and cap. Throws `HTTPError` (kind `.cancelled` when the task is cancelled).
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let response = try await stream(request)
        var body: [UInt8] = []
        do {
            for try await chunk in response.body { body.append(contentsOf: chunk) }
        } catch {
            response.cancel()
            throw error
        }
        if Task.isCancelled {
            response.cancel()
            throw HTTPError(kind: .cancelled, url: request.url, message: "the request was cancelled")
        }
        return HTTPResponse(head: response.head, body: body)
    }
}
