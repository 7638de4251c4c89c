/// Follows one submitted prompt to its end: live over the `/ws` socket (events filtered by
/// prompt id), or — when there is no socket or it drops — by polling `/history/{id}` and
/// `/queue`, saying so once with `pollingFallback`. The end is confirmed from `/history`
/// (the authoritative list of outputs). Used by one task; not shared.
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

    private struct State {
        var started = false
        var succeeded = false
        var lastPosition: Int??
        var files: [OutputFile] = []
    }

    private func followSocket(_ socket: WebSocketConnection, state: inout State) async throws -> Outcome? {
        for try await message in socket.messages {
            try checkCancelled()
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
        var unreachableAttempts = 0
        while true {
            try checkCancelled()
            do throws(ComfyError) {
                if let entry = try await client.history(promptID: promptID) {
                    return outcome(from: entry, socketFiles: state.files)
                }
                let queue = try await client.queue()
                unreachableAttempts = 0
                if queue.isRunning(promptID) {
                    missing = 0
                    markStarted(&state)
                } else if let position = queue.position(of: promptID) {
                    missing = 0
                    if state.lastPosition != .some(position) {
                        state.lastPosition = .some(position)
                        emit(.queued(position: position))
                    }
                } else {
                    missing += 1
                    if missing >= 3 {
                        throw ComfyError(.executionFailed,
                                         "ComfyUI no longer knows job \(promptID) (not queued, not in its history); it may have restarted",
                                         url: client.baseURL)
                    }
                }
            } catch {
                guard error.kind == .unreachable else { throw error }
                unreachableAttempts += 1
                let delay = backoff.delay(afterAttempt: unreachableAttempts)
                emit(.waitingForServer(message: error.message, attempt: unreachableAttempts, retryIn: delay))
                try await sleep(delay)
                continue
            }
            try await sleep(pollInterval)
        }
    }

    private func outcome(from entry: HistoryEntry, socketFiles: [OutputFile]) -> Outcome {
        if let failure = entry.failure { return .failed(failure) }
        if entry.interrupted { return .interrupted }
        return .succeeded(entry.outputs.isEmpty ? socketFiles : entry.outputs)
    }

    private func markStarted(_ state: inout State) {
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

    private func sleep(_ seconds: Double) async throws(ComfyError) {
        do {
            try await backoff.sleep(seconds)
        } catch {
            throw ComfyError(.cancelled, "cancelled", url: client.baseURL)
        }
    }

    private func checkCancelled() throws(ComfyError) {
        if Task.isCancelled { throw ComfyError(.cancelled, "cancelled", url: client.baseURL) }
    }
}
