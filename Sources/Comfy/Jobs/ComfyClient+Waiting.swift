extension ComfyClient {
    /// Probes `/system_stats` until ComfyUI answers, sleeping with `backoff` between tries
    /// and telling `onWait` (the error, the attempt number, the delay) before each sleep:
    /// "unreachable → the job waits". `maxAttempts` nil waits for ever. Throws `cancelled`
    /// when the task is cancelled, the last `unreachable` error after `maxAttempts`, and any
    /// other error (e.g. an HTTP status) at once.
    @discardableResult
    public func waitUntilReachable(backoff: Backoff, maxAttempts: Int? = nil,
                                   onWait: (ComfyError, Int, Double) -> Void = { _, _, _ in }) async throws(ComfyError) -> SystemStats {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await systemStats()
            } catch {
                guard error.kind == .unreachable else { throw error }
                if let maxAttempts, attempt >= maxAttempts { throw error }
                let delay = backoff.delay(afterAttempt: attempt)
                onWait(error, attempt, delay)
                do {
                    try await backoff.sleep(delay)
                } catch {
                    throw ComfyError(.cancelled, "stopped waiting for ComfyUI at \(baseURL)", url: baseURL)
                }
                if Task.isCancelled { throw ComfyError(.cancelled, "stopped waiting for ComfyUI at \(baseURL)", url: baseURL) }
            }
        }
    }
}
