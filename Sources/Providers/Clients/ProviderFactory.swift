import Core
import Foundation
import Net
import Synchronization

/// Builds the client for a configured provider — from a `ResolvedProvider`, or from a name,
/// kind, base URL and optional key — and probes providers for `atelier doctor` / `atelier models`.
///
/// Invariant: all clients made for one provider name share one `ConcurrencyLimiter`, so the
/// per-provider limit holds however many clients are made. Thread-safe: any task may call it.
public final class ProviderFactory: Sendable {
    public let settings: ClientSettings
    private let client: HTTPClient
    private let limiters = Mutex<[String: ConcurrencyLimiter]>([:])

    public init(settings: ClientSettings = ClientSettings(), client: HTTPClient = .shared) {
        self.settings = settings
        self.client = client
    }

    /// The client for one provider. `baseURL` nil (or blank) means the default for the name
    /// or kind (`ClientDefaults.baseURL`); `apiKeyVariable` nil means the default variable,
    /// used only in hints. `settings` overrides the factory's for this client (its
    /// concurrency limit applies only when this name gets its first client).
    /// Throws `ProviderError(.configuration)` for an empty name or a bad base URL.
    public func make(name: String, kind: ProviderKind, baseURL: String? = nil, apiKey: String? = nil,
                     apiKeyVariable: String? = nil, keyRequired: Bool = false,
                     settings: ClientSettings? = nil) throws(ProviderError) -> any ChatProvider {
        try make(name: name, kind: kind, baseURL: baseURL, apiKey: apiKey, apiKeyVariable: apiKeyVariable,
                 keyRequired: keyRequired, isLocal: nil, settings: settings ?? self.settings)
    }

    /// The client for a provider as the configuration resolved it: its base URL, timeouts,
    /// concurrency, key variable (for hints) and whether a key is required. The key itself
    /// comes separately and is revealed only into the request header.
    public func make(_ provider: ResolvedProvider, apiKey: Secret?) throws(ProviderError) -> any ChatProvider {
        try make(name: provider.name, kind: provider.kind, baseURL: provider.baseURL,
                 apiKey: apiKey?.revealForHTTPHeader(), apiKeyVariable: provider.key.environmentVariable,
                 keyRequired: provider.key.required, isLocal: provider.isLocal,
                 settings: ClientSettings(provider, base: settings))
    }

    private func make(name: String, kind: ProviderKind, baseURL: String?, apiKey: String?, apiKeyVariable: String?,
                      keyRequired: Bool, isLocal: Bool?, settings: ClientSettings) throws(ProviderError) -> any ChatProvider {
        let trimmedName = name.trimmingCharacters(in: .whitespaces)
        guard !trimmedName.isEmpty, !trimmedName.contains(":") else {
            throw ProviderError(.configuration, "a provider needs a name without `:` (got \"\(name)\")",
                                hint: "name providers like `ollama`, `openai` or `local`")
        }
        let base = baseURL.flatMap { $0.allSatisfy(\.isWhitespace) ? nil : $0 }
            ?? ClientDefaults.baseURL(name: trimmedName, kind: kind)
        let limiter = self.limiter(for: trimmedName, limit: settings.maxConcurrentRequests)
        switch kind {
        case .ollama:
            return try OllamaProvider(name: trimmedName, baseURL: base, settings: settings, client: client, limiter: limiter)
        case .openAICompatible:
            return try OpenAICompatibleProvider(name: trimmedName, baseURL: base, apiKey: apiKey, apiKeyVariable: apiKeyVariable,
                                                keyRequired: keyRequired, isLocal: isLocal, settings: settings,
                                                client: client, limiter: limiter)
        case .anthropic:
            return try AnthropicProvider(name: trimmedName, baseURL: base, apiKey: apiKey, apiKeyVariable: apiKeyVariable,
                                         keyRequired: keyRequired, settings: settings, client: client, limiter: limiter)
        }
    }

    /// Probes every provider at once; results in the order given.
    public func probeAll(_ providers: [any ChatProvider]) async -> [Reachability] {
        await withTaskGroup(of: (Int, Reachability).self) { group in
            for (index, provider) in providers.enumerated() {
                group.addTask { (index, await provider.probe()) }
            }
            var results: [(Int, Reachability)] = []
            for await result in group { results.append(result) }
            return results.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }

    /// The limiter shared by every client of `name`, made with `limit` the first time.
    public func limiter(for name: String, limit: Int) -> ConcurrencyLimiter {
        limiters.withLock { table in
            if let existing = table[name] { return existing }
            let made = ConcurrencyLimiter(limit: limit)
            table[name] = made
            return made
        }
    }
}
