extension JobFollower {
    /// What ComfyUI says about the job when asked (see `check`).
    enum Verdict {
        /// Still queued or running: keep waiting.
        case pending
        /// In `/history`: it ended (successfully or not).
        case finished(HistoryEntry)
        /// Neither queued nor in `/history`: ComfyUI forgot it (restarted, history cleared).
        case lost
    }

    /// Asks ComfyUI where the job is: `/history/{id}` (an empty `{}` means "not finished",
    /// not "unknown"), then `/queue`, then — only when it is not in the queue — `/history`
    /// again, so a job that finished between the first two requests is not taken for lost.
    /// Reports the queue position or the start on the way. While ComfyUI is unreachable it
    /// tries again with `backoff` (saying so with `waitingForServer`) for at most
    /// `unreachableLimit` seconds, then throws `unreachable`. Throws `cancelled` when the
    /// task is cancelled and any other error (an HTTP status, a malformed answer) at once.
    func check(_ state: inout State) async throws(ComfyError) -> Verdict {
        let since = ContinuousClock.now
        var attempt = 0
        while true {
            try checkCancelled()
            do throws(ComfyError) {
                if let entry = try await client.history(promptID: promptID) { return .finished(entry) }
                let queue = try await client.queue()
                if queue.isRunning(promptID) {
                    markStarted(&state)
                    return .pending
                }
                if let position = queue.position(of: promptID) {
                    if state.lastPosition != .some(position) {
                        state.lastPosition = .some(position)
                        emit(.queued(position: position))
                    }
                    return .pending
                }
                if let entry = try await client.history(promptID: promptID) { return .finished(entry) }
                return .lost
            } catch {
                guard error.kind == .unreachable else { throw error }
                attempt += 1
                let waited = Self.seconds(ContinuousClock.now - since)
                let delay = min(backoff.delay(afterAttempt: attempt), max(0.01, unreachableLimit - waited))
                guard waited < unreachableLimit else {
                    throw ComfyError(.unreachable,
                                     "lost contact with ComfyUI for \(Int(waited.rounded())) s while following job \(promptID) "
                                        + "(\(error.message)); the job may still be running there: once ComfyUI answers, resume the generation",
                                     url: client.baseURL)
                }
                emit(.waitingForServer(message: error.message, attempt: attempt, retryIn: delay))
                try await sleep(delay)
            }
        }
    }

    /// The error for a job ComfyUI no longer knows.
    func lostError() -> ComfyError {
        ComfyError(.executionFailed,
                   "ComfyUI no longer knows job \(promptID) (not queued, not in its history); it may have restarted: send the generation again",
                   url: client.baseURL)
    }

    static func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}

/// A socket's messages merged with a steady tick, so the follower can notice silence: one
/// task reads the socket, another yields `tick` every `tick` seconds. The stream ends after
/// `ended` (the socket closed, or dropped with the error) or when `stop` is called. Made
/// and stopped by the one task that follows a job.
final class WatchedSocket: Sendable {
    enum Signal: Sendable {
        case message(WebSocketMessage)
        /// The socket ended: nil when it closed, else the error it dropped with.
        case ended((any Error)?)
        case tick
    }

    let stream: AsyncStream<Signal>
    private let reader: Task<Void, Never>
    private let ticker: Task<Void, Never>

    init(_ socket: WebSocketConnection, tick: Double) {
        let (stream, continuation) = AsyncStream.makeStream(of: Signal.self)
        self.stream = stream
        reader = Task {
            do {
                for try await message in socket.messages { continuation.yield(.message(message)) }
                continuation.yield(.ended(nil))
            } catch {
                continuation.yield(.ended(error))
            }
            continuation.finish()
        }
        ticker = Task {
            while !Task.isCancelled {
                do {
                    try await Task.sleep(nanoseconds: UInt64(max(0.01, min(tick, 3_600)) * 1_000_000_000))
                } catch {
                    return
                }
                continuation.yield(.tick)
            }
        }
    }

    func stop() {
        reader.cancel()
        ticker.cancel()
    }
}
