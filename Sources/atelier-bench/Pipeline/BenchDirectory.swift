import Core
import Engine
import Providers

/// The model directory of the benchmark: every `bench:<model>` resolves to one provider
/// (the real OpenAI-compatible client pointed at the fake server, or an instant in-process
/// fake), priced at zero so cost figures are computed as they are for local models.
/// Sendable; any task may resolve.
struct BenchDirectory: ModelDirectory {
    static let providerName = "bench"

    let provider: any ChatProvider

    func resolve(_ ref: ModelRef) throws -> ResolvedModel {
        guard ref.provider == Self.providerName else {
            throw ProviderError(.modelNotFound, "the benchmark knows only \(Self.providerName):* models, not \(ref)")
        }
        return ResolvedModel(info: ModelInfo(ref: ref, pricePer1kInput: 0, pricePer1kOutput: 0, source: .config),
                             provider: provider)
    }

    /// `bench:<model>`.
    static func ref(_ model: String) -> ModelRef { ModelRef(provider: providerName, model: model) }
}
