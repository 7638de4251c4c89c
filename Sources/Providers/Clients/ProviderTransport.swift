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
    init(client: HTTPClient, settings: ClientSettings, identity: ProviderIdentity, base: BaseURL,
         unreachableHint: String, key: Secret?, keyRequired: Bool = false, limiter: ConcurrencyLimiter) {
        self.keyRequired = keyRequired
        self.client = client
        self.settings = settings
        self.identity = identity
        self.base = base
        self.unreachableHint = unreachableHint
        self.key = key
        self.redactor = Redactor(key.map { [$0] } ?? [])
        self.limiter = limiter
    }

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

    /// The error for a required key that is missing, naming the variable to set; nil when fine.
    func missingKey(path: String) -> ProviderError? {
        guard keyRequired, key == nil else { return nil }
        let variable = identity.apiKeyVariable.map { "set \($0) to a valid API key" } ?? "configure an API key for it"
        return ProviderError(.configuration, "no API key for \(identity.name)", url: base.displayAppending(path),
                             hint: variable)
    }
    /// Bounds this provider's chat requests in flight.
    let limiter: ConcurrencyLimiter

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

    /// Failures that happened before any response and may pass on a second try.
    static func isConnectionFailure(_ kind: HTTPError.Kind) -> Bool {
        switch kind {
        case .connectionRefused, .connectTimeout, .transport: return true
        case .couldNotResolve, .firstByteTimeout, .stalled, .tooLarge, .cancelled, .invalidURL: return false
        }
    }

    /// The `ProviderError` for an HTTP failure; `contentStarted` tells a broken reply from a
    /// failed connection. Carries `partialText`; secrets removed.
    func providerError(for error: HTTPError, contentStarted: Bool, partialText: String) -> ProviderError {
        let name = identity.name
        let url = error.url
        let result: ProviderError
        switch error.kind {
        case .connectionRefused, .couldNotResolve, .connectTimeout:
            result = ProviderError(.unreachable, "cannot reach \(name) at \(url): \(error.message)",
                                   url: url, hint: unreachableHint)
        case .transport where !contentStarted:
            result = ProviderError(.unreachable, "no HTTP answer from \(name) at \(url): \(error.message)",
                                   url: url, hint: unreachableHint)
        case .transport:
            result = ProviderError(.incomplete, "the connection to \(name) broke before the reply ended: \(error.message)",
                                   url: url, hint: "try again; the answer so far is kept")
        case .firstByteTimeout:
            result = ProviderError(.firstByteTimeout,
                                   "\(name) sent nothing within \(Self.seconds(settings.firstByteTimeout)) at \(url)",
                                   url: url, hint: "the model may still be loading; try again or raise the first-byte timeout")
        case .stalled:
            result = stalled(url: url)
        case .tooLarge:
            result = ProviderError(.tooLarge, "the answer of \(name) is larger than \(settings.maxResponseBytes) bytes",
                                   url: url, hint: "ask for a shorter reply (max tokens)")
        case .cancelled:
            result = ProviderError(.cancelled, "the request to \(name) was cancelled", url: url)
        case .invalidURL:
            result = ProviderError(.configuration, "the URL \(url) of \(name) is not usable: \(error.message)",
                                   url: url, hint: "check the base URL")
        }
        return result.withPartialText(partialText).redacting(redactor)
    }

    /// The error for content that stopped coming for longer than the stall limit.
    func stalled(url: String) -> ProviderError {
        ProviderError(.stalled, "\(identity.name) stopped sending the reply for more than \(Self.seconds(settings.stallTimeout)) at \(url)",
                      url: url, hint: "the server may be overloaded or stuck; try again")
    }

    /// The error for keep-alives with no content until the first-byte limit.
    func noContent(url: String) -> ProviderError {
        ProviderError(.firstByteTimeout,
                      "\(identity.name) sent no content within \(Self.seconds(settings.firstByteTimeout)) at \(url) (only keep-alives)",
                      url: url, hint: "the model may still be loading or queued; try again or raise the first-byte timeout")
    }

    /// The error for a reply that went past the whole-request limit.
    func requestLimit(url: String, contentStarted: Bool, partialText: String) -> ProviderError {
        let limit = Self.seconds(settings.requestTimeout ?? 0)
        let url = BaseURL.redact(url)
        return ProviderError(contentStarted ? .stalled : .firstByteTimeout,
                             "\(identity.name) did not finish the reply within the request limit of \(limit) at \(url)",
                             url: url, hint: "raise the request timeout, or ask for a shorter reply",
                             partialText: partialText).redacting(redactor)
    }

    func cancelled(url: String) -> ProviderError {
        ProviderError(.cancelled, "the request to \(identity.name) was cancelled", url: BaseURL.redact(url))
    }

    /// "5 s", "0.5 s".
    static func seconds(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e9 ? "\(Int(value)) s" : "\(value) s"
    }
}
