import Core
import Providers

/// Turns a `provider:model` reference into the client to call and the registry entry that
/// prices it. The CLI builds the real one from configuration; tests pass scripted ones.
/// Implementations are Sendable and may be called from any task.
public protocol ModelDirectory: Sendable {
    /// The client and registry entry for `ref`, or a `ProviderError` (`.modelNotFound`,
    /// `.configuration`) whose message a person can act on.
    func resolve(_ ref: ModelRef) throws -> ResolvedModel
}

/// A model ready to call: its registry entry and the provider client that serves it.
public struct ResolvedModel: Sendable {
    public var info: ModelInfo
    public var provider: any ChatProvider

    public init(info: ModelInfo, provider: any ChatProvider) {
        self.info = info
        self.provider = provider
    }
}
