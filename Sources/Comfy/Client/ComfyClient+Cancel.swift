extension ComfyClient {
    /// Stops one of our prompts without touching anyone else's. It is first removed from the
    /// pending queue; then `/interrupt` is sent only when `/queue` shows it running. Older
    /// ComfyUI (e.g. PyPI `comfyui` 0.0.1, recorded in `Tests/Fixtures/real/comfyui-pypi/`)
    /// ignores the `prompt_id` of `/interrupt` and stops whatever runs, so interrupting a
    /// prompt that is only queued would kill another client's job. Returns whether an
    /// interrupt was sent. Throws when the queue cannot be read (then nothing is interrupted).
    @discardableResult
    public func cancel(promptID: String) async throws(ComfyError) -> Bool {
        try await deleteFromQueue([promptID])
        guard try await queue().isRunning(promptID) else { return false }
        try await interrupt(promptID: promptID)
        return true
    }
}
