import Core
import Net

/// One streamed chat reply, start to end, for any wire protocol: takes a permit from the
/// provider's limiter, opens the request through `ProviderTransport.open` (retries happen
/// only there, so never after content), feeds body chunks to the decoder, yields deltas
/// (the adjacent pieces of one kind decoded from one body chunk joined into one delta),
/// measures time to first token and latency on `ContinuousClock`, and ends with
/// `.finished` or a `ProviderError` that carries the partial text.
///
/// Timings run from the first attempt (after the permit is granted, so retry waits count) to
/// the first content delta and to the decoded terminator. Content deadlines (first content,
/// stall between contents) are enforced by a `ContentWatchdog`, so keep-alives never hold a
/// dead reply open. After the terminator the body gets a short grace to end by itself (so
/// the connection can be reused), then the transfer is cancelled.
///
/// Cancellation: cancelling the consuming task, or the returned stream being terminated or
/// released, cancels the producing task, which cancels the transfer (the connection closes).
/// A plain value; `start` may be called from any task.
struct StreamingChatCall<Decoder: ChatStreamDecoder>: Sendable {
    let transport: ProviderTransport
    let request: HTTPRequest
    let decoder: Decoder

    /// How long the body may take to end after the terminator before it is cut.
    static var drainGrace: Double { 0.25 }

    /// Starts the call at once on its own task and returns the reply stream.
    func start() -> AsyncThrowingStream<ChatDelta, Error> {
        let (stream, continuation) = AsyncThrowingStream<ChatDelta, Error>.makeStream()
        let task = Task.detached(priority: Task.currentPriority) { await self.run(continuation) }
        continuation.onTermination = { termination in
            if case .cancelled = termination { task.cancel() }
        }
        return stream
    }

    /// A reply stream that fails at once with `error` (no request is made).
    static func failing(_ error: ProviderError) -> AsyncThrowingStream<ChatDelta, Error> {
        AsyncThrowingStream { $0.finish(throwing: error) }
    }

    private func run(_ output: AsyncThrowingStream<ChatDelta, Error>.Continuation) async {
        do {
            try await transport.limiter.acquire()
        } catch {
            output.finish(throwing: transport.cancelled(url: request.url))
            return
        }
        let clock = ContinuousClock()
        let start = clock.now
        let limit = transport.settings.requestTimeout.map { start.advanced(by: .seconds(min(max(0.001, $0), 1e9))) }
        let response: HTTPStreamingResponse
        let attemptStart: ContinuousClock.Instant
        do {
            (response, attemptStart) = try await transport.open(request, policy: transport.settings.retry, deadline: limit)
        } catch {
            await transport.limiter.release()
            output.finish(throwing: error)
            return
        }
        defer { response.cancel() }
        let settings = transport.settings
        let watchdog = ContentWatchdog(start: attemptStart, firstByte: settings.firstByteTimeout, stall: settings.stallTimeout,
                                       limit: limit)
        let watcher = Task.detached { await watchdog.watch(response) }
        defer { watcher.cancel() }

        var decoder = self.decoder
        var body = response.body.makeAsyncIterator()
        var firstContent: ContinuousClock.Instant?
        var consumerGone = false
        let outcome: Result<ChatStreamEnd, ProviderError>
        do {
            reading: while let chunk = try await body.next() {
                // What one network read brought is handed on as few pieces as possible.
                let deltas = try decoder.feed(chunk).coalesced()
                if !deltas.isEmpty {
                    let now = clock.now
                    if firstContent == nil { firstContent = now }
                    watchdog.contentArrived(at: now)
                    for delta in deltas {
                        if case .terminated = output.yield(delta) {
                            consumerGone = true
                            break reading
                        }
                    }
                }
                if decoder.end != nil { break }
            }
            outcome = ended(&decoder, consumerGone: consumerGone, watchdog: watchdog)
        } catch let error as ProviderError {
            outcome = .failure(error.redacting(transport.redactor))
        } catch let error as HTTPError {
            outcome = .failure(failure(error, decoder: decoder, watchdog: watchdog))
        } catch {
            outcome = .failure(ProviderError(.malformed, "reading the reply of \(transport.identity.name) failed: \(error)",
                                             url: BaseURL.redact(request.url), partialText: decoder.text)
                .redacting(transport.redactor))
        }

        switch outcome {
        case .success(let end):
            let finished = clock.now
            let completion = end.completion(timeToFirstToken: firstContent.map { (start.duration(to: $0)).seconds },
                                            latency: start.duration(to: finished).seconds)
            await transport.limiter.release()
            output.yield(.finished(completion))
            output.finish()
            watchdog.beginDrain(at: clock.now, grace: Self.drainGrace)
            do {
                while try await body.next() != nil {}
            } catch {
                return
            }
        case .failure(let error):
            await transport.limiter.release()
            output.finish(throwing: error)
        }
    }

    /// The outcome once the body loop has stopped without throwing.
    private func ended(_ decoder: inout Decoder, consumerGone: Bool,
                       watchdog: ContentWatchdog) -> Result<ChatStreamEnd, ProviderError> {
        if let end = decoder.end { return .success(end) }
        if consumerGone || Task.isCancelled {
            return .failure(transport.cancelled(url: request.url).withPartialText(decoder.text))
        }
        if let timeout = timeoutError(watchdog, partialText: decoder.text) { return .failure(timeout) }
        do {
            return .success(try decoder.finish())
        } catch let error as ProviderError {
            return .failure(error.redacting(transport.redactor))
        } catch {
            return .failure(ProviderError(.malformed, "\(error)", partialText: decoder.text))
        }
    }

    /// The error for an HTTP failure mid-body, preferring the watchdog's reason.
    private func failure(_ error: HTTPError, decoder: Decoder, watchdog: ContentWatchdog) -> ProviderError {
        if let timeout = timeoutError(watchdog, partialText: decoder.text) { return timeout }
        if error.kind == .cancelled || Task.isCancelled {
            return transport.cancelled(url: request.url).withPartialText(decoder.text)
        }
        return transport.providerError(for: error, contentStarted: true, partialText: decoder.text)
    }

    private func timeoutError(_ watchdog: ContentWatchdog, partialText: String) -> ProviderError? {
        let url = BaseURL.redact(request.url)
        switch watchdog.firing {
        case .noContent: return transport.noContent(url: url).withPartialText(partialText).redacting(transport.redactor)
        case .stalled: return transport.stalled(url: url).withPartialText(partialText).redacting(transport.redactor)
        case .requestLimit:
            return transport.requestLimit(url: url, contentStarted: watchdog.contentStarted, partialText: partialText)
        case .none, .drained: return nil
        }
    }
}
