import Core

/// Words the `modelNotFound` error: what was wrong, then the available models sorted and
/// grouped by provider, at most `perProvider` ids each and `maximumProviders` groups, so
/// the list stays readable however much discovery found. Pure; any thread.
struct ModelListing {
    static let perProvider = 8
    static let maximumProviders = 12

    let models: [ModelInfo]
    let providers: [String: ResolvedProvider]

    /// A `.modelNotFound` error with `message`, the listing (of one provider when `only` is
    /// given) and `hint`.
    func error(_ message: String, hint: String?, only: String? = nil) -> ProviderError {
        ProviderError(.modelNotFound, message + "\n" + listing(only: only), hint: hint)
    }

    func listing(only: String? = nil) -> String {
        let names = providers.keys.sorted().filter { only == nil || $0 == only }
        var lines = ["Available models:"]
        for name in names.prefix(Self.maximumProviders) {
            let ids = models.filter { $0.ref.provider == name }.map { Self.displayID($0.ref.model, kind: providers[name]?.kind) }
            var text = ids.prefix(Self.perProvider).joined(separator: ", ")
            if ids.count > Self.perProvider { text += ", … and \(ids.count - Self.perProvider) more" }
            if ids.isEmpty { text = "(none listed)" }
            lines.append("  \(name): \(text)")
        }
        if names.count > Self.maximumProviders {
            lines.append("  … and \(names.count - Self.maximumProviders) more providers")
        }
        if names.contains(where: { providers[$0]?.kind != .ollama }) {
            lines.append("OpenAI-compatible and Anthropic providers also accept ids not listed here.")
        }
        return lines.joined(separator: "\n")
    }

    /// Ollama's implied `:latest` is left out of listings.
    static func displayID(_ model: String, kind: ProviderKind?) -> String {
        kind == .ollama && model.hasSuffix(":latest") ? String(model.dropLast(7)) : model
    }

    /// What the person typed, made inert and cut short, for echoing in a message.
    static func shown(_ text: String) -> String {
        let clean = TerminalSanitizer.sanitize(text)
        return clean.count > 80 ? String(clean.prefix(80)) + "…" : clean
    }
}
