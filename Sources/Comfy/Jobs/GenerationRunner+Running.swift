extension GenerationRunner {
    /// Runs `body` as a job: its events on `continuation`, then `completed`, or `failed` /
    /// `cancelled` (a cancelled job's prompt is stopped on ComfyUI) and the stream throws.
    func run(continuation: AsyncThrowingStream<GenerationEvent, Error>.Continuation, current: CurrentPrompt,
             body: (CurrentPrompt, @escaping @Sendable (GenerationEvent) -> Void) async throws(ComfyError) -> [SavedOutput]) async {
        let emit: @Sendable (GenerationEvent) -> Void = { continuation.yield($0) }
        do throws(ComfyError) {
            let saved = try await body(current, emit)
            emit(.completed(saved))
            continuation.finish()
        } catch {
            if error.kind == .cancelled || Task.isCancelled {
                if let promptID = current.id { await stop(promptID) }
                let cancelled = ComfyError(.cancelled, "the generation was cancelled", url: client.baseURL)
                emit(.cancelled)
                continuation.finish(throwing: cancelled)
            } else {
                emit(.failed(error))
                continuation.finish(throwing: error)
            }
        }
    }

    /// A follower for one prompt with this runner's timing.
    func follower(promptID: String, graph: JSONValue, emit: @escaping @Sendable (GenerationEvent) -> Void) -> JobFollower {
        JobFollower(client: client, promptID: promptID, graph: graph, pollInterval: options.pollInterval, backoff: options.backoff,
                    quietPeriod: options.quietPeriod, unreachableLimit: options.followUnreachableLimit, emit: emit)
    }
}
