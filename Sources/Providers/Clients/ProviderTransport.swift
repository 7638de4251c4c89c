import Core
import Foundation
import Net

/// What every client shares for talking HTTP to one provider: the HTTP client, the limits,
/// who the provider is (for messages and hints), its secrets (to keep them out of errors), the
/// concurrency limiter, and the one retry loop (`open`). Sendable; any task may use it.
///
/// Invariants: every `ProviderError` it throws has passed through `redacting(redactor)`;
/// a response returned by `open` has a 2xx status and the caller owns it (must `cancel()` it).
struct ProviderTransport: Sendable {
    let client: HTTPClient
    let settings: ClientSettings
    let identity: ProviderIdentity
    let base: BaseURL
    /// The fix for an unreachable server (`is Ollama running? ...`).
    let unreachableHint: String
    /// The API key, if any: it goes into one header (built by the client) and nowhere else.
    let key: Secret?
    /// Scrubs the key from every error made here.
    let redactor: Redactor
    /// When true, requests without a key fail at once with `.configuration`.
    let keyRequired: Bool
    /// Bounds this provider's chat requests in flight.
    let limiter: ConcurrencyLimiter

    init(client: HTTPClient, settings: ClientSettings, identity: ProviderIdentity, base: BaseURL,
         unreachableHint: String, key: Secret?, keyRequired: Bool = false, limiter: ConcurrencyLimiter) {
        self.client = client
        self.settings = settings
        self.identity = identity
        self.base = base
        self.unreachableHint = unreachableHint
        self.key = key
        self.keyRequired = keyRequired
        self.redactor = Redactor(key.map { [$0] } ?? [])
        self.limiter = limiter
    }

    /// Sends `request`, repeating it per `policy` on connection failures and retryable statuses
    /// (honouring `Retry-After`), sleeping with `Task.sleep` so cancellation cuts the wait.
    /// With a `deadline` (the whole-request limit), each attempt's connect and first-byte
    /// limits shrink to fit and no wait goes past it.
    /// Returns the first 2xx response and the instant its attempt started; throws the mapped
    /// `ProviderError` otherwise.
    func open(_ request: HTTPRequest, policy: RetryPolicy, deadline: ContinuousClock.Instant? = nil) async throws(ProviderError)
        -> (response: HTTPStreamingResponse, attemptStart: ContinuousClock.Instant) {
        var retries = 0
        while true {
            if Task.isCancelled { throw cancelled(url: request.url) }
            var attempt = request
            if let deadline {
                let remaining = ContinuousClock.now.duration(to: deadline).seconds
                guard remaining > 0 else { throw requestLimit(url: request.url, contentStarted: false, partialText: "") }
                attempt.timeouts.connect = min(attempt.timeouts.connect, remaining)
                attempt.timeouts.firstByte = min(attempt.timeouts.firstByte, remaining)
            }
            let failure: RetryableFailure
            let error: ProviderError
            do {
                let attemptStart = ContinuousClock.now
                let response = try await client.stream(attempt)
                let status = response.head.status
                if (200..<300).contains(status) { return (response, attemptStart) }
                let body = await readCapped(response)
                response.cancel()
                error = HTTPErrorMapping.error(status: status, body: body, provider: identity, url: BaseURL.redact(request.url),
                                               secrets: key.map { [$0.revealForHTTPHeader()] } ?? []).redacting(redactor)
                failure = .status(status, headers: response.head.headers)
            } catch let httpError as HTTPError {
                if let deadline, ContinuousClock.now >= deadline, httpError.kind != .cancelled {
                    throw requestLimit(url: request.url, contentStarted: false, partialText: "")
                }
                error = providerError(for: httpError, contentStarted: false, partialText: "")
                guard Self.isConnectionFailure(httpError.kind) else { throw error }
                failure = .connection
            } catch {
                throw ProviderError(.unreachable, "the request to \(identity.name) failed: \(error)",
                                    url: BaseURL.redact(request.url)).redacting(redactor)
            }
            if Task.isCancelled { throw cancelled(url: request.url) }
            guard let delay = policy.delayBeforeRetry(after: failure, retriesSoFar: retries) else { throw error }
            if let deadline, ContinuousClock.now.advanced(by: .seconds(delay)) >= deadline { throw error }
            retries += 1
            do {
                try await Task.sleep(for: .seconds(delay))
            } catch {
                throw cancelled(url: request.url)
            }
        }
    }

    /// Sends a small JSON request and parses the 2xx answer (retrying per the settings).
    func fetchJSON(_ request: HTTPRequest, policy: RetryPolicy? = nil) async throws(ProviderError) -> Any {
        let (response, _) = try await open(request, policy: policy ?? settings.retry)
        defer { response.cancel() }
        var body: [UInt8] = []
        do {
            for try await chunk in response.body { body.append(contentsOf: chunk) }
        } catch let httpError as HTTPError {
            throw providerError(for: httpError, contentStarted: true, partialText: "")
        } catch {
            throw ProviderError(.malformed, "reading the answer of \(identity.name) failed: \(error)")
        }
        if Task.isCancelled { throw cancelled(url: request.url) }
        guard let value = try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed]) else {
            let excerpt = JSONFields.excerpt(String(decoding: body.prefix(400), as: UTF8.self))
            throw ProviderError(.malformed, "\(identity.name) did not answer with JSON: \(excerpt)",
                                url: BaseURL.redact(request.url)).redacting(redactor)
        }
        return value
    }

    /// A request to this provider with the given limits and the shared headers.
    func request(method: String, path: String, headers: [HTTPHeader], body: JSONValue? = nil,
                 timeouts: HTTPTimeouts, maxResponseBytes: Int? = nil) -> HTTPRequest {
        var all = headers
        if body != nil { all.append(HTTPHeader("Content-Type", "application/json")) }
        return HTTPRequest(method: method, url: base.appending(path), headers: all, body: body?.encoded(),
                           timeouts: timeouts, maxResponseBytes: maxResponseBytes ?? settings.maxResponseBytes)
    }

    /// Reads at most `maxErrorBodyBytes` of a (non-2xx) body; whatever arrived if reading fails.
    private func readCapped(_ response: HTTPStreamingResponse) async -> [UInt8] {
        var body: [UInt8] = []
        let cap = max(0, settings.maxErrorBodyBytes)
        do {
            for try await chunk in response.body {
                body.append(contentsOf: chunk.prefix(cap - body.count))
                if body.count >= cap { break }
            }
        } catch {
            return body
        }
        return body
    }

    /// Failures that happened before any response and may pass on a second try. A refused
    /// connection (a server restarting) is retried; a connect timeout is not: a host that
    /// does not answer for the whole connect timeout will not answer the next try either,
    /// and retrying would triple the wait before the person hears about it.
    static func isConnectionFailure(_ kind: HTTPError.Kind) -> Bool {
        switch kind {
        case .connectionRefused, .transport: return true
        case .connectTimeout, .couldNotResolve, .firstByteTimeout, .stalled, .tooLarge, .cancelled, .invalidURL: return false
        }
    }
}
