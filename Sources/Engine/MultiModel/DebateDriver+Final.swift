import Core
import Foundation
import Store

/// The end of a multi-model run: synthesis and summary in parallel once every model is
/// terminal, and the terminal bookkeeping for a cancelled run or one where nobody answered.
extension DebateDriver {
    static let synthesisSpeaker = "Synthesis"

    func finalRound(_ results: [ModelResult], skipped: String?) async throws -> DebateRunDetail {
        emit(.runChanged(try await store.setDebateRunStatus(runID: runID, status: .synthesizing)))
        let finals = results.compactMap { result in
            (result.revised ?? result.first).map { DebatePrompts.LabelledAnswer(label: result.entry.label, text: $0) }
        }
        async let synthesisFailure = synthesize(finals)
        async let summaryDone: Void = summarize(results, skipped: skipped)
        let failure = try await synthesisFailure
        try await summaryDone
        let run: DebateRun
        if let failure {
            let status: RunStatus = failure.kind == .cancelled ? .cancelled : .failed
            run = try await store.setDebateRunStatus(runID: runID, status: status,
                                                     error: "the synthesis failed: \(failure.description)")
        } else {
            run = try await store.setDebateRunStatus(runID: runID, status: Task.isCancelled ? .cancelled : .complete)
        }
        emit(.runChanged(run))
        return try await finished()
    }

    /// Streams the master's synthesis into the main conversation; returns its failure, if any.
    private func synthesize(_ answers: [DebatePrompts.LabelledAnswer]) async throws -> ProviderError? {
        let master = detail.run.master
        emit(.synthesisStarted(master))
        let outcome = try await runner.run(
            TurnRequest(sessionID: detail.run.sessionID, speaker: Self.synthesisSpeaker, model: master,
                        messages: [.system(DebatePrompts.synthesisSystem),
                                   .user(DebatePrompts.synthesis(prompt: request.prompt, answers: answers))],
                        temperature: request.temperature, maxTokens: request.maxTokens),
            emit: { [emit] in emit(.synthesisTurn($0)) })
        emit(.runChanged(try await store.setDebateSynthesis(runID: runID, messageID: outcome.message.id)))
        if outcome.succeeded {
            emit(.synthesisFinished(outcome.message))
            return nil
        }
        let failure = outcome.error ?? ProviderError(.incomplete, "the synthesis ended without an answer")
        emit(.synthesisFailed(failure.description))
        return failure
    }

    /// Writes the narrative summary and stores it on the run (or its failure, to show).
    private func summarize(_ results: [ModelResult], skipped: String?) async throws {
        let model = detail.run.summary.model ?? detail.run.master
        emit(.runChanged(try await store.setDebateSummary(runID: runID, RunSummary(model: model, status: .running))))
        emit(.summaryStarted(model))
        let lines = results.map { result in
            DebatePrompts.SummaryLine(label: result.entry.label, model: result.entry.model.description,
                                      first: result.first, revised: result.revised, problem: result.problem)
        }
        let outcome = try await side.run(
            model: model,
            messages: [.system(DebatePrompts.summarySystem),
                       .user(DebatePrompts.summary(prompt: request.prompt, lines: lines, debateSkipped: skipped))],
            sessionID: detail.run.sessionID, temperature: request.temperature, maxTokens: request.maxTokens,
            onText: { [emit] in emit(.summaryText($0)) })
        let text = outcome.text.trimmingCharacters(in: .whitespacesAndNewlines)
        if outcome.error == nil && !text.isEmpty {
            let summary = RunSummary(model: model, status: .complete, text: text, usage: outcome.usage,
                                     latency: outcome.latency, cost: outcome.cost)
            emit(.runChanged(try await store.setDebateSummary(runID: runID, summary)))
            emit(.summaryFinished(text))
        } else {
            let reason = outcome.error?.description ?? "the model returned an empty summary"
            let summary = RunSummary(model: model, status: .error, error: reason)
            emit(.runChanged(try await store.setDebateSummary(runID: runID, summary)))
            emit(.summaryFailed(reason))
        }
    }

    /// Nobody answered: no synthesis, no summary, the run `failed`.
    func finishWithoutAnswers() async throws -> DebateRunDetail {
        let model = detail.run.summary.model ?? detail.run.master
        let summary = RunSummary(model: model, status: .error, error: "nothing to summarise: no model answered")
        emit(.runChanged(try await store.setDebateSummary(runID: runID, summary)))
        emit(.summaryFailed(summary.error ?? ""))
        emit(.runChanged(try await store.setDebateRunStatus(runID: runID, status: .failed, error: "no model answered")))
        return try await finished()
    }

    /// The run was cancelled between rounds: every entry still working ends `error`
    /// ("cancelled"), the summary too, and the run `cancelled`.
    func finishCancelled() async throws -> DebateRunDetail {
        for entry in try await store.debateEntries(runID: runID) where !entry.status.isTerminal {
            let stage: DebateStage = entry.status == .initial ? .initial : .debate
            emit(.entryChanged(try await store.setDebateEntryStatus(entryID: entry.id, status: .error,
                                                                    error: "cancelled", stage: stage)))
        }
        let model = detail.run.summary.model ?? detail.run.master
        let summary = RunSummary(model: model, status: .error, error: "not made: the run was cancelled")
        emit(.runChanged(try await store.setDebateSummary(runID: runID, summary)))
        emit(.summaryFailed(summary.error ?? ""))
        emit(.runChanged(try await store.setDebateRunStatus(runID: runID, status: .cancelled)))
        return try await finished()
    }

    private func finished() async throws -> DebateRunDetail {
        guard let final = try await store.debateRunDetail(id: runID) else {
            throw StoreError(.notFound, message: "run \(runID) vanished while it ran")
        }
        emit(.finished(final))
        return final
    }
}
