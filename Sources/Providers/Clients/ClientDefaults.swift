import Core

/// Base URLs and key variables for clients made without configuration, taken from
/// `AtelierDefaults` (by provider name first, then by kind). Stateless; callable anywhere.
public enum ClientDefaults {
    /// The built-in provider or default endpoint with this name, if there is one.
    public static func provider(named name: String) -> AtelierDefaults.ProviderDefault? {
        let wanted = name.lowercased()
        return (AtelierDefaults.providers + AtelierDefaults.endpoints).first { $0.name == wanted }
    }

    /// The base URL for `name`: its built-in default when the name is known with this kind,
    /// else the kind's usual server (Ollama local, OpenAI, Anthropic).
    public static func baseURL(name: String, kind: ProviderKind) -> String {
        if let known = provider(named: name), known.kind == kind { return known.baseURL }
        switch kind {
        case .ollama: return AtelierDefaults.ollamaURL
        case .openAICompatible: return provider(named: "openai")?.baseURL ?? "https://api.openai.com/v1"
        case .anthropic: return provider(named: "anthropic")?.baseURL ?? "https://api.anthropic.com"
        }
    }

    /// The variable that conventionally holds the key of `name` (`OPENAI_API_KEY`, ...), used
    /// in hints; for unknown Anthropic names `ANTHROPIC_API_KEY`, else nil.
    public static func apiKeyVariable(name: String, kind: ProviderKind) -> String? {
        if let known = provider(named: name), known.kind == kind { return known.keyVariable }
        return kind == .anthropic ? "ANTHROPIC_API_KEY" : nil
    }
}
