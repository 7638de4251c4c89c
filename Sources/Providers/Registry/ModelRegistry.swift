import Core
import Foundation

/// Every model Atelier can call, and how a name a person types becomes one.
///
/// Entries come from three layers, merged field by field per model: built-ins
/// (`BuiltInModels`), then what servers report (`addDiscovered`), then the config's
/// `models` overrides, which always win. A merged entry's `source` is `.discovered` when a
/// server reported it, else `.config` when the config named it, else `.builtIn`. Models of
/// local providers (Ollama, loopback/LAN endpoints) cost 0 unless the config says otherwise.
///
/// Resolution rules (`resolve`):
/// - `provider:model` with a configured provider; a bare `model` when exactly one listed
///   entry has that id (`gpt-4o`, `llama3.2:3b`).
/// - Ollama names are normalised: a name without a tag means `:latest`, so `ollama:llama3.2`
///   finds a discovered `llama3.2:latest`.
/// - A model that is not listed is still accepted for a configured OpenAI-compatible or
///   Anthropic provider (servers know models we do not; prices unknown, or 0 when local),
///   and for Ollama until its models have been discovered. Once Ollama has reported its
///   models, only those are available (built-ins then only add facts such as display names),
///   and any other Ollama model is an error with an `ollama pull` hint.
/// - Anything else is `ProviderError(.modelNotFound)` listing the available models, sorted
///   and grouped by provider.
///
/// A value type: each owner mutates its own copy (discovery results are added by the task
/// that owns the registry). Reading is safe from any actor.
public struct ModelRegistry: Sendable {
    let providers: [String: ResolvedProvider]
    let builtIns: [ModelRef: ModelInfo]
    /// Models the config lists under an endpoint's `models`.
    let listed: Set<ModelRef>
    let overrides: [ModelRef: ModelOverride]
    /// Per provider, what discovery reported; a key present means discovery ran.
    private(set) var discovered: [String: [ModelRef: ModelInfo]] = [:]

    /// A registry for the configured providers and overrides of `config`.
    public init(config: ResolvedConfig, builtIns: [ModelInfo] = BuiltInModels.all) {
        self.init(providers: Array(config.providers.values), overrides: config.modelOverrides, builtIns: builtIns)
    }

    /// A registry for explicit providers (built-ins of other providers are left out).
    public init(providers: [ResolvedProvider], overrides: [ModelRef: ModelOverride] = [:],
                builtIns: [ModelInfo] = BuiltInModels.all) {
        let byName = Dictionary(providers.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.providers = byName
        func canonical(_ ref: ModelRef) -> ModelRef { Self.canonical(ref, kind: byName[ref.provider]?.kind) }
        var table: [ModelRef: ModelInfo] = [:]
        for info in builtIns where byName[info.ref.provider] != nil {
            var copy = info
            copy.ref = canonical(info.ref)
            table[copy.ref] = copy
        }
        self.builtIns = table
        listed = Set(providers.flatMap { provider in
            provider.models.map { canonical(ModelRef(provider: provider.name, model: $0)) }
        })
        self.overrides = Dictionary(overrides.map { (canonical($0.key), $0.value) }, uniquingKeysWith: { $1 })
    }

    /// Records what `provider` reports (e.g. Ollama `/api/tags`), replacing its previous report.
    /// Entries for other providers are ignored; local providers' missing prices become 0.
    public mutating func addDiscovered(_ models: [ModelInfo], for provider: String) {
        guard let kind = providers[provider]?.kind else { return }
        var table: [ModelRef: ModelInfo] = [:]
        for model in models where model.ref.provider == provider {
            var copy = model
            copy.ref = Self.canonical(model.ref, kind: kind)
            copy.source = .discovered
            table[copy.ref] = copy
        }
        discovered[provider] = table
    }

    /// Whether `provider` has reported its models.
    public func hasDiscovered(_ provider: String) -> Bool { discovered[provider] != nil }

    /// Every listed model of the configured providers, merged, sorted by `provider:model`.
    public var models: [ModelInfo] {
        var refs = Set(builtIns.keys).union(listed).union(overrides.keys.filter { providers[$0.provider] != nil })
        for table in discovered.values { refs.formUnion(table.keys) }
        return refs.sorted().compactMap(merged)
    }

    /// The listed models of one provider, sorted.
    public func models(for provider: String) -> [ModelInfo] {
        models.filter { $0.ref.provider == provider }
    }

    /// Resolves what a person typed (`ollama:llama3.2`, `openai:gpt-4o`, `gpt-4o`).
    public func resolve(_ text: String) throws -> ModelInfo {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if let ref = ModelRef(parsing: trimmed), providers[ref.provider] != nil {
            return try resolve(ref)
        }
        let bare = models.filter { Self.sameModel($0.ref.model, trimmed, kind: providers[$0.ref.provider]?.kind) }
        if bare.count == 1, let only = bare.first { return only }
        let listing = ModelListing(models: models, providers: providers)
        if bare.count > 1 {
            throw listing.error("\"\(ModelListing.shown(trimmed))\" is offered by several providers: "
                                    + bare.map(\.ref.description).joined(separator: ", "),
                                hint: "write provider:model, e.g. \(bare[0].ref)")
        }
        if let ref = ModelRef(parsing: trimmed) {
            throw listing.error("unknown provider \"\(ModelListing.shown(ref.provider))\" in "
                                    + "\"\(ModelListing.shown(trimmed))\"",
                                hint: "add it under \"endpoints\" in config.json, or use one of: "
                                    + providers.keys.sorted().joined(separator: ", "))
        }
        throw listing.error("unknown model \"\(ModelListing.shown(trimmed))\"",
                            hint: "write provider:model, e.g. ollama:llama3.2")
    }

    /// Resolves a parsed reference (see the type's rules).
    public func resolve(_ ref: ModelRef) throws -> ModelInfo {
        let listing = ModelListing(models: models, providers: providers)
        guard let provider = providers[ref.provider] else {
            throw listing.error("unknown provider \"\(ModelListing.shown(ref.provider))\"",
                                hint: "use one of: " + providers.keys.sorted().joined(separator: ", "))
        }
        let key = Self.canonical(ref, kind: provider.kind)
        if let info = merged(key) { return info }
        guard !ref.model.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 }) else {
            throw listing.error("\"\(ModelListing.shown(ref.description))\" is not a model id (it holds spaces)",
                                hint: nil)
        }
        if provider.kind == .ollama && hasDiscovered(provider.name) {
            throw listing.error("Ollama at \(provider.baseURL) has no model \"\(ModelListing.shown(ref.model))\"",
                                hint: "ollama pull \(ModelListing.shown(ref.model))", only: provider.name)
        }
        var info = ModelInfo(ref: key, source: .config)
        if provider.isLocal {
            info.pricePer1kInput = 0
            info.pricePer1kOutput = 0
        }
        return info
    }

    /// The estimated dollar cost of `usage` on `model`; nil when its prices are unknown.
    public func estimatedCost(_ model: ModelRef, _ usage: Usage) -> Double? {
        (try? resolve(model))?.estimatedCost(usage)
    }
}
