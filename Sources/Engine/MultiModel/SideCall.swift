import Core
import Foundation
import Providers
import Store

/// A model call whose answer is stored somewhere other than a message (the run summary is
/// stored on its run): resolves the model, streams, reports each piece, and records a row of
/// API usage (so `atelier usage` counts it) but no message. A failure is returned, not thrown.
///
/// Sendable; any task may run calls. Cancelling the calling task cancels the stream.
struct SideCall: Sendable {
    /// How a side call ended.
    struct Outcome: Sendable, Hashable {
        var text: String
        var usage: Usage?
        var latency: Double?
        var cost: Double?
        var error: ProviderError?
    }

    let store: Store
    let directory: any ModelDirectory

    /// Runs the call; throws only when the database fails.
    func run(model: ModelRef, messages: [ChatMessage], sessionID: Int64?, temperature: Double? = nil,
             maxTokens: Int? = nil, onText: @Sendable (String) -> Void) async throws -> Outcome {
        let resolved: ResolvedModel
        do {
            resolved = try directory.resolve(model)
        } catch {
            return Outcome(text: "", error: TurnRunner.providerError(error))
        }
        var received = ""
        do {
            let request = ChatRequest(model: model.model, messages: messages, temperature: temperature, maxTokens: maxTokens)
            for try await delta in resolved.provider.stream(request) {
                switch delta {
                case .text(let piece):
                    received += piece
                    onText(piece)
                case .reasoning:
                    break
                case .finished(let completion):
                    let cost = resolved.info.estimatedCost(completion.usage)
                    try await store.recordUsage(provider: model.provider, model: model.model, usage: completion.usage,
                                                cost: cost, latency: completion.latency, ok: true, sessionID: sessionID)
                    return Outcome(text: received, usage: completion.usage, latency: completion.latency, cost: cost)
                }
            }
            let failure = Task.isCancelled
                ? ProviderError(.cancelled, "cancelled", partialText: received)
                : ProviderError(.incomplete, "the reply ended without its end marker", partialText: received)
            return try await failed(model, failure, received, sessionID)
        } catch let error as StoreError {
            throw error
        } catch {
            var failure = TurnRunner.providerError(error)
            if Task.isCancelled && failure.kind != .cancelled { failure = ProviderError(.cancelled, "cancelled") }
            return try await failed(model, failure, received, sessionID)
        }
    }

    private func failed(_ model: ModelRef, _ failure: ProviderError, _ received: String,
                        _ sessionID: Int64?) async throws -> Outcome {
        try await store.recordUsage(provider: model.provider, model: model.model, usage: .zero, cost: nil, latency: nil,
                                    ok: false, sessionID: sessionID)
        return Outcome(text: received, error: failure)
    }
}
