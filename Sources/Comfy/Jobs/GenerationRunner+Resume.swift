extension GenerationRunner {
    /// Picks up a job submitted earlier (by a process that has since stopped) under
    /// `promptID`, and returns at once; follow `events`. ComfyUI is asked where the job is
    /// (`/history`, `/queue`, `/history` again; unreachable → waits as `start` does):
    /// finished → its outputs are fetched from `/history` and saved under
    /// `generations/<session>/<generation>/` by the same path as a new job (names chosen
    /// here, never overwriting, private modes, size caps), then `completed`; still queued or
    /// running → followed live over a socket with the client id the job was submitted with
    /// (read from `/queue`; polled when there is none) with the same watchdog, then saved;
    /// unknown → the stream throws `executionFailed`. No `submitted` event is sent (nothing
    /// is submitted). `graph` (the archived API graph) names node classes in events.
    /// Cancelling stops the job on ComfyUI, as for `start`. Never resume a job another live
    /// process still follows: its socket would be taken over.
    public func resume(promptID: String, graph: JSONValue?, session: String, generation: String) -> GenerationJob {
        let (stream, continuation) = AsyncThrowingStream<GenerationEvent, Error>.makeStream()
        let job = GenerationJob(events: stream)
        let worker = forOneJob()
        let current = CurrentPrompt()
        current.id = promptID
        let task = Task {
            await worker.run(continuation: continuation, current: current) { _, emit throws(ComfyError) in
                try await worker.executeResumed(promptID: promptID, graph: graph ?? .object([:]), session: session,
                                                generation: generation, emit: emit)
            }
        }
        job.attach(task)
        continuation.onTermination = { termination in
            if case .cancelled = termination { task.cancel() }
        }
        return job
    }

    private func executeResumed(promptID: String, graph: JSONValue, session: String, generation: String,
                                emit: @escaping @Sendable (GenerationEvent) -> Void) async throws(ComfyError) -> [SavedOutput] {
        try saver.generationDirectory(session: session, generation: generation)
        try await waitForServer(emit: emit)
        let quiet = follower(promptID: promptID, graph: graph, emit: { _ in })
        var probe = JobFollower.State()
        let outcome: JobFollower.Outcome
        switch try await quiet.check(&probe) {
        case .finished(let entry):
            outcome = quiet.outcome(from: entry, socketFiles: [])
        case .lost:
            throw ComfyError(.executionFailed,
                             "ComfyUI does not know job \(promptID) (not queued, not in its history); it may have restarted "
                                + "since: send the generation again",
                             url: client.baseURL)
        case .pending:
            outcome = try await followResumed(promptID: promptID, graph: graph, emit: emit)
        }
        switch outcome {
        case .succeeded(let files):
            emit(.succeeded)
            return try await save(files, session: session, generation: generation, emit: emit)
        case .interrupted:
            emit(.interrupted)
            throw ComfyError(.interrupted, "ComfyUI interrupted job \(promptID)", url: client.baseURL)
        case .failed(let failure):
            if failure.isOutOfMemory {
                throw ComfyError(.outOfMemory, "ComfyUI ran out of GPU memory: \(failure). Try a smaller size or fewer frames.",
                                 url: client.baseURL)
            }
            throw ComfyError(.executionFailed, "ComfyUI could not finish the job: \(failure)", url: client.baseURL)
        }
    }

    /// Follows a job still queued or running: over a socket under the job's own client id
    /// (ComfyUI sends a job's events only there), else by polling.
    private func followResumed(promptID: String, graph: JSONValue,
                               emit: @escaping @Sendable (GenerationEvent) -> Void) async throws(ComfyError) -> JobFollower.Outcome {
        let owner = (try? await client.queue())?.item(promptID)?.clientID
        let runner = owner.map { GenerationRunner(client: client.withClientID($0), saver: saver, options: options) } ?? self
        var socket: WebSocketConnection?
        if options.useWebSocket, owner != nil {
            do {
                socket = try await runner.client.openEvents(options: options.webSocket)
            } catch {
                if Task.isCancelled { throw ComfyError(.cancelled, "cancelled", url: client.baseURL) }
                emit(.pollingFallback(reason: "no live progress: \(error); polling /history instead"))
            }
        } else if options.useWebSocket {
            emit(.pollingFallback(reason: "ComfyUI does not say which client sent job \(promptID); polling /history instead"))
        }
        defer { socket?.close() }
        let follower = runner.follower(promptID: promptID, graph: graph, emit: emit)
        // It may have ended while the socket opened: its end would then never come on it.
        if socket != nil, let entry = try? await client.history(promptID: promptID) {
            return follower.outcome(from: entry, socketFiles: [])
        }
        return try await follower.follow(socket: socket)
    }
}
