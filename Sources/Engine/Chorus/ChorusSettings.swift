import Providers

/// How a chorus runs its artists: the global and per-provider limits on calls in flight,
/// the retry policy for failed artist calls, the output cap used when an artist names none
/// (it also bounds the budget estimate), and the sleep used between retries (tests inject
/// a fake clock). A plain value.
public struct ChorusSettings: Sendable {
    /// Artist calls in flight at once, over every group of the `Chorus`.
    public var globalLimit: Int
    /// Per provider name (`ollama`, `openai`, ...); others get `defaultProviderLimit`.
    public var providerLimits: [String: Int]
    public var defaultProviderLimit: Int
    /// Retries for artist calls that failed in a way worth repeating (unreachable, timeouts,
    /// 408/409/429/5xx, a cut stream); `maxRetries`, `initialBackoff` and `maxBackoff` apply.
    public var retry: RetryPolicy
    /// The output cap sent when an artist has no `maxTokens`.
    public var defaultMaxTokens: Int
    /// Waits the given seconds; throws when the task is cancelled.
    public var sleep: @Sendable (Double) async throws -> Void

    public init(globalLimit: Int = 4, providerLimits: [String: Int] = [:], defaultProviderLimit: Int = 2,
                retry: RetryPolicy = RetryPolicy(maxRetries: 2, initialBackoff: 1, maxBackoff: 8),
                defaultMaxTokens: Int = 1024,
                sleep: @escaping @Sendable (Double) async throws -> Void = { seconds in
                    try await Task.sleep(for: .milliseconds(Int((max(0, seconds) * 1000).rounded())))
                }) {
        self.globalLimit = max(1, globalLimit)
        self.providerLimits = providerLimits
        self.defaultProviderLimit = max(1, defaultProviderLimit)
        self.retry = retry
        self.defaultMaxTokens = max(1, defaultMaxTokens)
        self.sleep = sleep
    }

    func limit(forProvider provider: String) -> Int {
        max(1, providerLimits[provider] ?? defaultProviderLimit)
    }
}
