import Core
import Foundation
import Store

/// How one attempt of an artist run ended.
enum AttemptResult: Sendable {
    /// The run is terminal (done, or failed for good), already stored and emitted.
    case final
    /// The artist call failed in a way that may be worth repeating; nothing stored yet
    /// beyond the failed message.
    case retryable(ProviderError, messageID: Int64)
}

/// One attempt of an artist run: the artist writes (streamed into the group's session),
/// the answer is parsed leniently, then the brush records the image prompt.
extension ChorusDriver {
    func attempt(_ run: ChorusRun) async throws -> AttemptResult {
        emit(.runChanged(try await store.beginChorusAttempt(runID: run.id)))
        let artist = run.artist
        let outcome = try await runner.run(
            TurnRequest(sessionID: group.sessionID, speaker: artist.displayName, model: artist.model,
                        messages: [.system(group.systemPrompt), .user(group.prompt)], temperature: artist.temperature,
                        maxTokens: artist.maxTokens ?? settings.defaultMaxTokens),
            emit: { [emit] in emit(.artistTurn(runID: run.id, $0)) })
        guard outcome.succeeded else {
            let failure = outcome.error ?? ProviderError(.incomplete, "the artist's answer did not complete")
            if failure.kind == .cancelled || Task.isCancelled {
                try await fail(run.id, "cancelled", messageID: outcome.message.id)
                return .final
            }
            return .retryable(failure, messageID: outcome.message.id)
        }
        let parsed = ArtistResponseParser.parse(outcome.text)
        let answered = try await store.recordChorusAnswer(runID: run.id, message: outcome.message,
                                                          statement: parsed.statement, imagePrompt: parsed.imagePrompt,
                                                          warnings: parsed.warnings)
        emit(.runChanged(answered))
        guard !parsed.imagePrompt.isEmpty else {
            try await fail(run.id, "the artist gave no image prompt")
            return .final
        }
        let clock = ContinuousClock()
        let started = clock.now
        let receipt: BrushReceipt
        do {
            receipt = try await sink.submit(BrushRequest(groupID: group.id, runID: run.id, sessionID: group.sessionID,
                                                         artist: artist, imagePrompt: parsed.imagePrompt,
                                                         brush: group.brush))
        } catch {
            try await fail(run.id, "the brush failed: \(error)")
            return .final
        }
        let elapsed = clock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let done = try await store.recordChorusBrush(runID: run.id, generationID: receipt.generationID, latency: seconds,
                                                     cost: receipt.cost)
        emit(.runChanged(done))
        if let generation = try await store.generation(id: receipt.generationID) {
            emit(.generationRecorded(runID: run.id, generation))
        }
        emit(.stats(try await store.chorusStats(groupID: group.id)))
        return .final
    }
}
