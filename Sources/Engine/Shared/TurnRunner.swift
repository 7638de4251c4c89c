import Core
import Providers
import Store

/// Runs one model call end to end: resolves the model, creates the `streaming` message,
/// streams the reply into the store (batched by `MessageStreamWriter`) while emitting
/// `TurnEvent`s, then finishes the message with usage, latency and estimated cost and records
/// a row of API usage. A provider failure is not thrown: it is stored on the message (partial
/// text kept) and returned in the outcome, so one speaker's failure never stops the others.
///
/// Sendable; any task may run turns, many at once. Cancelling the calling task cancels the
/// request and marks the message `interrupted`.
public struct TurnRunner: Sendable {
    public let store: Store
    public let directory: any ModelDirectory

    public init(store: Store, directory: any ModelDirectory) {
        self.store = store
        self.directory = directory
    }

    /// Runs the turn; throws only when the database fails.
    public func run(_ request: TurnRequest, emit: @Sendable (TurnEvent) -> Void = { _ in }) async throws -> TurnOutcome {
        let resolved: ResolvedModel
        do {
            resolved = try directory.resolve(request.model)
        } catch {
            let failure = Self.providerError(error)
            let message = try await store.insertMessage(sessionID: request.sessionID, role: .assistant,
                                                        speaker: request.speaker, model: request.model.description,
                                                        content: "", status: .error)
            let stored = try await store.finishMessage(id: message.id, status: .error, error: failure.description)
            emit(.failed(stored, failure))
            return TurnOutcome(message: stored, error: failure)
        }
        let writer = try await store.startStreamingMessage(sessionID: request.sessionID, role: .assistant,
                                                           speaker: request.speaker, model: request.model.description)
        emit(.started(messageID: writer.messageID, speaker: request.speaker, model: request.model))
        let chat = ChatRequest(model: request.model.model, messages: request.messages,
                               temperature: request.temperature, maxTokens: request.maxTokens,
                               jsonMode: request.jsonMode)
        let stream = resolved.provider.stream(chat)
        var received = ""
        do {
            for try await delta in stream {
                switch delta {
                case .text(let piece):
                    writer.append(piece)
                    received += piece
                    emit(.text(messageID: writer.messageID, piece))
                case .reasoning(let piece):
                    emit(.reasoning(messageID: writer.messageID, piece))
                case .finished(let completion):
                    let cost = resolved.info.estimatedCost(completion.usage)
                    let stored = try await writer.finish(completion, cost: cost)
                    try await store.recordUsage(provider: request.model.provider, model: request.model.model,
                                                usage: completion.usage, cost: cost, latency: completion.latency,
                                                ok: true, sessionID: request.sessionID)
                    emit(.finished(stored))
                    return TurnOutcome(message: stored)
                }
            }
            // The stream ended without `.finished`: a cancelled consumer, or a provider bug.
            let failure = Task.isCancelled
                ? ProviderError(.cancelled, "cancelled", partialText: received)
                : ProviderError(.incomplete, "the reply ended without its end marker", partialText: received)
            return try await fail(writer, request, failure, received: received, emit: emit)
        } catch let error as StoreError {
            throw error
        } catch {
            var failure = Self.providerError(error)
            if Task.isCancelled && failure.kind != .cancelled {
                failure = ProviderError(.cancelled, "cancelled", partialText: failure.partialText)
            }
            return try await fail(writer, request, failure, received: received, emit: emit)
        }
    }

    private func fail(_ writer: MessageStreamWriter, _ request: TurnRequest, _ failure: ProviderError,
                      received: String, emit: @Sendable (TurnEvent) -> Void) async throws -> TurnOutcome {
        // A decoder may hold text from the chunk that failed: keep every byte the model sent.
        // Show it too: a consumer must see exactly the text that is stored.
        if failure.partialText.count > received.count, failure.partialText.hasPrefix(received) {
            let rest = String(failure.partialText.dropFirst(received.count))
            writer.append(rest)
            emit(.text(messageID: writer.messageID, rest))
        }
        let status: MessageStatus = failure.kind == .cancelled ? .interrupted : .error
        let stored = try await writer.fail(failure.description, status: status)
        try await store.recordUsage(provider: request.model.provider, model: request.model.model,
                                    usage: .zero, cost: nil, latency: nil, ok: false, sessionID: request.sessionID)
        emit(.failed(stored, failure))
        return TurnOutcome(message: stored, error: failure)
    }

    /// Any error as a `ProviderError` (cancellation included).
    static func providerError(_ error: any Error) -> ProviderError {
        switch error {
        case let error as ProviderError: return error
        case is CancellationError: return ProviderError(.cancelled, "cancelled")
        default: return ProviderError(.malformed, String(describing: error))
        }
    }
}
