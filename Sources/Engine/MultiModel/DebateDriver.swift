import Core
import Foundation
import Store

/// Drives one multi-model run through its rounds: every model's first answer in parallel;
/// then, when two or more answered, every answering model's revision in parallel (each sees
/// the others' first answers by label only); then synthesis and summary side by side
/// (`DebateDriver+Final`). Each step is stored, then emitted.
///
/// Used by `MultiModelRun` from the run's one task (its rounds fan out into child tasks).
struct DebateDriver: Sendable {
    /// One model's results so far.
    struct ModelResult: Sendable {
        var entry: DebateEntry
        var first: String?
        var revised: String?
        var problem: String?
    }

    static let engineSpeaker = "atelier"

    let store: Store
    let runner: TurnRunner
    let side: SideCall
    let request: DebateRequest
    let detail: DebateRunDetail
    let emit: @Sendable (DebateEvent) -> Void

    var runID: Int64 { detail.run.id }

    func run() async throws -> DebateRunDetail {
        let firstRound = try await fanOut(detail.entries.map { ModelResult(entry: $0) }) { try await initialTurn($0) }
        if Task.isCancelled { return try await finishCancelled() }
        let answered = firstRound.filter { $0.first != nil }
        var results = firstRound
        var skipped: String?
        if answered.count < 2 {
            let reason = answered.first.map { "only Response \($0.entry.label) answered" } ?? "no model answered"
            skipped = reason
            let run = try await store.setDebateRunStatus(runID: runID, status: .running, note: "the debate was skipped: \(reason)")
            emit(.runChanged(run))
            emit(.debateSkipped(reason: reason))
            for result in answered {
                emit(.entryChanged(try await store.setDebateEntryStatus(entryID: result.entry.id, status: .complete)))
            }
        } else {
            let revisedRound = try await fanOut(answered) { try await debateTurn($0, among: answered) }
            for revised in revisedRound { results[revised.entry.position] = revised }
        }
        if Task.isCancelled { return try await finishCancelled() }
        guard !answered.isEmpty else { return try await finishWithoutAnswers() }
        return try await finalRound(results, skipped: skipped)
    }

    /// Runs `body` for every result in parallel; returns the new results by position.
    private func fanOut(_ items: [ModelResult],
                        _ body: @escaping @Sendable (ModelResult) async throws -> ModelResult) async throws -> [ModelResult] {
        try await withThrowingTaskGroup(of: ModelResult.self) { group in
            for item in items { group.addTask { try await body(item) } }
            var done: [ModelResult] = []
            for try await result in group { done.append(result) }
            return done.sorted { $0.entry.position < $1.entry.position }
        }
    }

    private func thread(of entry: DebateEntry) -> Int64 { entry.threadSessionID ?? detail.run.sessionID }

    private func initialTurn(_ item: ModelResult) async throws -> ModelResult {
        let entry = item.entry
        let outcome = try await runner.run(
            TurnRequest(sessionID: thread(of: entry), speaker: entry.displayLabel, model: entry.model,
                        messages: [.user(request.prompt)], temperature: request.temperature,
                        maxTokens: request.maxTokens),
            emit: { [emit] in emit(.modelTurn(position: entry.position, stage: .initial, $0)) })
        return try await record(outcome, of: item, stage: .initial)
    }

    private func debateTurn(_ item: ModelResult, among answered: [ModelResult]) async throws -> ModelResult {
        let entry = item.entry
        let others = answered.filter { $0.entry.position != entry.position }.compactMap { other in
            other.first.map { DebatePrompts.LabelledAnswer(label: other.entry.label, text: $0) }
        }
        let text = DebatePrompts.debate(others: others)
        let prompt = try await store.insertMessage(sessionID: thread(of: entry), role: .user,
                                                   speaker: Self.engineSpeaker, content: text)
        var current = item
        current.entry = try await store.setDebatePrompt(entryID: entry.id, messageID: prompt.id)
        emit(.entryChanged(current.entry))
        let outcome = try await runner.run(
            TurnRequest(sessionID: thread(of: entry), speaker: entry.displayLabel, model: entry.model,
                        messages: [.user(request.prompt), .assistant(item.first ?? ""), .user(text)],
                        temperature: request.temperature, maxTokens: request.maxTokens),
            emit: { [emit] in emit(.modelTurn(position: entry.position, stage: .debate, $0)) })
        return try await record(outcome, of: current, stage: .debate)
    }

    /// Stores a stage's outcome on the entry (an empty answer counts as a failure) and emits it.
    private func record(_ outcome: TurnOutcome, of item: ModelResult, stage: DebateStage) async throws -> ModelResult {
        var result = item
        let text = outcome.text.trimmingCharacters(in: .whitespacesAndNewlines)
        if outcome.succeeded && !text.isEmpty {
            result.entry = try await store.recordDebateAnswer(entryID: item.entry.id, stage: stage, answer: outcome.message,
                                                              status: stage == .initial ? .debate : .complete)
            if stage == .initial { result.first = outcome.text } else { result.revised = outcome.text }
        } else {
            let reason = outcome.error?.description ?? "the model returned an empty answer"
            result.entry = try await store.recordDebateAnswer(entryID: item.entry.id, stage: stage, answer: outcome.message,
                                                              status: .error, error: reason)
            result.problem = reason
        }
        emit(.entryChanged(result.entry))
        return result
    }
}
