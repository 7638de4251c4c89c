/// Follows one submitted prompt to its end: live over the `/ws` socket (events filtered by
/// prompt id), or — when there is no socket or it drops — by polling `/history/{id}` and
/// `/queue`, saying so once with `pollingFallback`. The end is confirmed from `/history`
/// (the authoritative list of outputs). A watchdog guards the socket: after `quietPeriod`
/// seconds without an event for our prompt it asks `/history` and `/queue` (see `check`),
/// so a job the server forgot, or a socket that went silent, cannot wait for ever; while
/// following, ComfyUI may stay unreachable at most `unreachableLimit` seconds.
/// Used by one task; not shared.
struct JobFollower {
    /// How a job ended.
    enum Outcome: Equatable {
        case succeeded([OutputFile])
        case failed(ExecutionFailure)
        case interrupted
    }

    let client: ComfyClient
    let promptID: String
    /// The graph sent, for node class names in events.
    let graph: JSONValue
    let pollInterval: Double
    let backoff: Backoff
    /// Seconds without an event for our prompt before the truth is asked of `/history` and `/queue`.
    var quietPeriod: Double = 30
    /// Seconds ComfyUI may stay unreachable while the job is followed before it fails.
    var unreachableLimit: Double = 120
    let emit: @Sendable (GenerationEvent) -> Void

    /// Follows the job; throws `cancelled` when the task is cancelled, `executionFailed`
    /// when ComfyUI lost the job (e.g. it restarted), or an error polling cannot get past.
    func follow(socket: WebSocketConnection?) async throws(ComfyError) -> Outcome {
        var state = State()
        await reportPosition(&state)
        if let socket {
            let reason: String
            do {
                if let outcome = try await followSocket(socket, state: &state) { return outcome }
                reason = "the WebSocket closed before the job finished"
            } catch let error as ComfyError {
                throw error
            } catch {
                reason = "the WebSocket dropped (\(error))"
            }
            try checkCancelled()
            emit(.pollingFallback(reason: reason + "; polling /history instead"))
        }
        return try await poll(&state)
    }

    struct State {
        var started = false
        var succeeded = false
        var lastPosition: Int??
        var files: [OutputFile] = []
    }

    private func followSocket(_ socket: WebSocketConnection, state: inout State) async throws -> Outcome? {
        let signals = WatchedSocket(socket, tick: max(0.01, quietPeriod / 3))
        defer { signals.stop() }
        var lastHeard = ContinuousClock.now
        for await signal in signals.stream {
            try checkCancelled()
            let message: WebSocketMessage
            switch signal {
            case .message(let received): message = received
            case .ended(let error?): throw error
            case .ended(nil): return nil
            case .tick:
                guard ContinuousClock.now - lastHeard >= .seconds(quietPeriod) else { continue }
                switch try await check(&state) {
                case .pending: lastHeard = ContinuousClock.now
                case .finished(let entry): return outcome(from: entry, socketFiles: state.files)
                case .lost: throw lostError()
                }
                continue
            }
            let decoded: ComfyServerEvent?
            switch message {
            case .text(let text): decoded = ComfyServerEvent.decode(text: text)
            case .binary(let bytes): decoded = ComfyServerEvent.decode(binary: bytes)
            }
            guard let event = decoded else { continue }
            if case .status = event {
                if !state.started { await reportPosition(&state) }
                continue
            }
            guard event.promptID == promptID else { continue }
            lastHeard = ContinuousClock.now
            switch event {
            case .executionStart:
                markStarted(&state)
            case .executionCached(_, let nodes):
                markStarted(&state)
                if !nodes.isEmpty { emit(.cached(nodes: nodes)) }
            case .executing(_, let node?):
                markStarted(&state)
                emit(.nodeStarted(node: node, classType: graph[node]?["class_type"]?.stringValue))
            case .executing(_, nil):
                return try await confirm(&state)
            case .progress(_, let node, let value, let max):
                markStarted(&state)
                emit(.progress(node: node, value: value, max: max))
            case .executed(_, let node, let files):
                state.files += files
                emit(.outputsListed(node: node, files: files))
            case .executionSuccess:
                state.succeeded = true
            case .executionError(let failure):
                return .failed(failure)
            case .executionInterrupted:
                return .interrupted
            default:
                continue
            }
        }
        try checkCancelled()
        return nil
    }

    /// After `executing {node: null}`: the history entry decides; the socket's view is the fallback.
    private func confirm(_ state: inout State) async throws(ComfyError) -> Outcome {
        for attempt in 1...3 {
            if let entry = try? await client.history(promptID: promptID) { return outcome(from: entry, socketFiles: state.files) }
            try checkCancelled()
            if attempt < 3 { try await sleep(pollInterval) }
        }
        if state.succeeded { return .succeeded(state.files) }
        throw ComfyError(.executionFailed, "ComfyUI ended job \(promptID) but /history has no record of it", url: client.baseURL)
    }

    private func poll(_ state: inout State) async throws(ComfyError) -> Outcome {
        var missing = 0
        while true {
            switch try await check(&state) {
            case .finished(let entry):
                return outcome(from: entry, socketFiles: state.files)
            case .pending:
                missing = 0
            case .lost:
                missing += 1
                if missing >= 3 { throw lostError() }
            }
            try await sleep(pollInterval)
        }
    }

    func outcome(from entry: HistoryEntry, socketFiles: [OutputFile]) -> Outcome {
        if let failure = entry.failure { return .failed(failure) }
        if entry.interrupted { return .interrupted }
        return .succeeded(entry.outputs.isEmpty ? socketFiles : entry.outputs)
    }

    func markStarted(_ state: inout State) {
        guard !state.started else { return }
        state.started = true
        emit(.started)
    }

    private func reportPosition(_ state: inout State) async {
        guard let queue = try? await client.queue() else { return }
        if queue.isRunning(promptID) { return }
        guard let position = queue.position(of: promptID), state.lastPosition != .some(position) else { return }
        state.lastPosition = .some(position)
        emit(.queued(position: position))
    }

    func sleep(_ seconds: Double) async throws(ComfyError) {
        do {
            try await backoff.sleep(seconds)
        } catch {
            throw ComfyError(.cancelled, "cancelled", url: client.baseURL)
        }
    }

    func checkCancelled() throws(ComfyError) {
        if Task.isCancelled { throw ComfyError(.cancelled, "cancelled", url: client.baseURL) }
    }
}
