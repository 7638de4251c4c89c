import Core

/// How the registry's layers combine into one entry per model, and how Ollama names match.
extension ModelRegistry {

    /// The merged entry for a canonical reference, or nil when no layer lists it.
    func merged(_ ref: ModelRef) -> ModelInfo? {
        guard let provider = providers[ref.provider] else { return nil }
        // Once Ollama has said what it has, only that is available (built-ins only add facts).
        if provider.kind == .ollama, let reported = discovered[ref.provider], reported[ref] == nil { return nil }
        var info = builtIns[ref]
        if info == nil && listed.contains(ref) { info = ModelInfo(ref: ref, source: .config) }
        if let found = discovered[ref.provider]?[ref] {
            info = info.map { Self.merge(found, over: $0) } ?? found
        }
        if let override = overrides[ref] {
            let base = info ?? ModelInfo(ref: ref, source: .config)
            info = override.applied(to: base)
            if info?.source == .builtIn { info?.source = .config }
        }
        guard var result = info else { return nil }
        if provider.isLocal {
            result.pricePer1kInput = result.pricePer1kInput ?? 0
            result.pricePer1kOutput = result.pricePer1kOutput ?? 0
        }
        return result
    }

    /// A discovered entry over a built-in one: the server's known facts win, capabilities add up.
    static func merge(_ found: ModelInfo, over base: ModelInfo) -> ModelInfo {
        var result = base
        result.source = .discovered
        if found.displayName != found.ref.model { result.displayName = found.displayName }
        result.contextWindow = found.contextWindow ?? base.contextWindow
        result.maxOutput = found.maxOutput ?? base.maxOutput
        result.pricePer1kInput = found.pricePer1kInput ?? base.pricePer1kInput
        result.pricePer1kOutput = found.pricePer1kOutput ?? base.pricePer1kOutput
        result.capabilities.vision = base.capabilities.vision || found.capabilities.vision
        result.capabilities.jsonMode = base.capabilities.jsonMode || found.capabilities.jsonMode
        return result
    }

    /// Ollama names carry a tag: no tag (no `:` after the last `/`) means `:latest`.
    static func canonical(_ ref: ModelRef, kind: ProviderKind?) -> ModelRef {
        guard kind == .ollama else { return ref }
        let name = ref.model.split(separator: "/").last.map(String.init) ?? ref.model
        return name.contains(":") ? ref : ModelRef(provider: ref.provider, model: ref.model + ":latest")
    }

    static func sameModel(_ listed: String, _ typed: String, kind: ProviderKind?) -> Bool {
        if listed == typed { return true }
        guard kind == .ollama else { return false }
        return canonical(ModelRef(provider: "x", model: typed), kind: .ollama).model == listed
    }
}
