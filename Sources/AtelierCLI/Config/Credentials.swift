import Core

/// Every provider's API key (or why it has none), loaded once by `SecretLoader`, plus a
/// `Redactor` for all of them. Its description, dump and reflection show only which
/// providers have a key, never a key. A plain value; any actor may hold it.
public struct Credentials: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    private let entries: [String: Result<Secret?, ConfigError>]

    /// Scrubs every loaded key from text (errors, logs) before it is shown or stored.
    public let redactor: Redactor

    public init(_ entries: [String: Result<Secret?, ConfigError>]) {
        self.entries = entries
        redactor = Redactor(entries.values.compactMap { try? $0.get() })
    }

    /// The provider's key; nil when it needs none (or is unknown); throws why a needed key is missing or refused.
    public func secret(for provider: String) throws(ConfigError) -> Secret? {
        guard let entry = entries[provider] else { return nil }
        switch entry {
        case .success(let secret): return secret
        case .failure(let error): throw error
        }
    }

    /// The providers whose key is missing or refused, with the reason (for `doctor`).
    public var problems: [String: ConfigError] {
        entries.compactMapValues { entry in
            if case .failure(let error) = entry { return error }
            return nil
        }
    }

    /// `Credentials(anthropic: missing, local: none needed, openai: present)`.
    public var description: String {
        let parts = entries.keys.sorted().map { name -> String in
            switch entries[name] {
            case .success(.some): "\(name): present"
            case .success(.none): "\(name): none needed"
            case .failure(let error): "\(name): \(error.kind.rawValue)"
            case nil: "\(name): unknown"
            }
        }
        return "Credentials(" + parts.joined(separator: ", ") + ")"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: ["summary": description], displayStyle: .struct)
    }
}
