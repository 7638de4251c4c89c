import Core
import Engine
import Providers
import Synchronization

/// The configured world of models: one client per configured provider (built lazily, with
/// its key), and the registry of built-in, configured and discovered models. It is the
/// `ModelDirectory` the engine resolves `provider:model` through.
///
/// Invariant: keys are read once, held as `Secret`s, and revealed only into request headers
/// by the clients. Thread-safe (state behind a Mutex); any task may call it.
public final class ModelCatalog: ModelDirectory {
    public let config: ResolvedConfig
    public let credentials: Credentials
    public let factory: ProviderFactory
    private let registry: Mutex<ModelRegistry>
    private let clients = Mutex<[String: any ChatProvider]>([:])

    public init(config: ResolvedConfig, credentials: Credentials, factory: ProviderFactory = ProviderFactory()) {
        self.config = config
        self.credentials = credentials
        self.factory = factory
        self.registry = Mutex(ModelRegistry(config: config))
    }

    /// Every model the registry knows now (discovered ones included once `discover` ran).
    public var models: [ModelInfo] { registry.withLock { $0.models } }

    /// The names of the configured providers, sorted.
    public var providerNames: [String] { config.providerNames }

    /// The client for a configured provider. A key problem (unreadable key file, file
    /// readable by others) is a `.configuration` error with the fix.
    public func provider(named name: String) throws -> any ChatProvider {
        if let existing = clients.withLock({ $0[name] }) { return existing }
        guard let resolved = config.providers[name] else {
            throw ProviderError(.modelNotFound, "no provider named \"\(name)\" is configured",
                                hint: "configured: \(providerNames.joined(separator: ", "))")
        }
        let key: Secret?
        do {
            key = try credentials.secret(for: name)
        } catch {
            throw error.providerError
        }
        let client = try factory.make(resolved, apiKey: key)
        return clients.withLock { table in
            if let raced = table[name] { return raced }
            table[name] = client
            return client
        }
    }

    /// Parses and resolves a model as typed (`provider:model`, or a bare id one provider lists).
    public func resolve(text: String) throws -> ModelRef {
        try registry.withLock { try $0.resolve(text) }.ref
    }

    public func resolve(_ ref: ModelRef) throws -> ResolvedModel {
        let info = try registry.withLock { try $0.resolve(ref) }
        return ResolvedModel(info: info, provider: try provider(named: info.ref.provider))
    }

    /// Asks every local provider which models it serves and adds them to the registry;
    /// returns each provider's reachability (cloud providers are probed, not listed).
    public func discover() async -> [String: Reachability] {
        var results: [String: Reachability] = [:]
        await withTaskGroup(of: (String, Reachability, [ModelInfo]?).self) { group in
            for name in providerNames {
                guard let resolved = config.providers[name] else { continue }
                let client: any ChatProvider
                do {
                    client = try provider(named: name)
                } catch {
                    let failure = (error as? ProviderError) ?? ProviderError(.configuration, String(describing: error))
                    results[name] = Reachability(provider: name, url: resolved.baseURL, outcome: .failed(failure), elapsed: 0)
                    continue
                }
                let listLocal = resolved.isLocal
                group.addTask {
                    let reach = await client.probe()
                    guard listLocal, reach.isReachable else { return (name, reach, nil) }
                    return (name, reach, try? await client.listModels())
                }
            }
            for await (name, reach, listed) in group {
                results[name] = reach
                if let listed {
                    registry.withLock { $0.addDiscovered(listed, for: name) }
                }
            }
        }
        return results
    }
}
