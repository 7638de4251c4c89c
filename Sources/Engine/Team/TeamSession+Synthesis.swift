import Core
import Foundation

/// The spec part of the flow: Pixel's synthesis (with one retry and the fallback), Lens's
/// review (approve, send back at most N times), and `ready`. Runs in the driver task, on
/// the actor.
extension TeamSession {
    /// Lens's decision, for the loop.
    enum ReviewOutcome {
        /// Approved, unreviewed or past the limit: this version goes ahead.
        case accepted(TeamSpecVersion)
        /// Sent back with these reasons.
        case sendBack(String)
    }

    func synthesisAndReview() async throws {
        record.reviewCount = 0
        var feedback: String?
        while true {
            pass.respecNeeded = false
            try await enterPhase(.synthesis, round: record.round)
            let version = try await synthesize(feedback: feedback)
            try await boundary()
            if pass.respecNeeded { continue }
            try await enterPhase(.review, round: record.round)
            let outcome = try await review(version)
            try await boundary()
            if pass.respecNeeded { continue }
            switch outcome {
            case .sendBack(let reasons):
                feedback = reasons
            case .accepted(let reviewed):
                // No suspension between the boundary above and the status change in
                // `becomeReady`: a message arriving later finds the session `ready`.
                try await becomeReady(reviewed)
                return
            }
        }
    }

    /// Pixel writes the spec; a reply that does not parse is retried once with the error,
    /// then the template's defaults with the conversation's prompt are used (and noted).
    func synthesize(feedback: String?) async throws -> TeamSpecVersion {
        var ask = SynthesisAsk(templateID: record.settings.templateID, defaults: templateDefaults,
                               previous: specs.last, feedback: feedback, retryError: nil)
        let first = try await speak(.pixel, .synthesize(ask), jsonMode: true)
        guard case .spoke(let message) = first else { return try await fallback(reason: Self.missingSpec(first)) }
        do {
            return try await addSpec(try SpecExtractor.draft(from: message.content), source: .model, messageID: message.id)
        } catch let error as SpecParseError {
            emit(.specParseRetry(error: error.message))
            try await addNote("Pixel's spec could not be read (\(error.message)); Pixel is asked once more.")
            ask.retryError = error.message
            let second = try await speak(.pixel, .synthesize(ask), jsonMode: true)
            guard case .spoke(let retry) = second else { return try await fallback(reason: Self.missingSpec(second)) }
            do {
                return try await addSpec(try SpecExtractor.draft(from: retry.content), source: .retry, messageID: retry.id)
            } catch let error as SpecParseError {
                return try await fallback(reason: "Pixel's spec could not be read twice (\(error.message))")
            }
        }
    }

    static func missingSpec(_ result: SpeakResult) -> String {
        if case .cancelled = result { return "Pixel was stopped before finishing the spec" }
        return "Pixel could not write the spec"
    }

    func fallback(reason: String) async throws -> TeamSpecVersion {
        emit(.specFallback(reason: reason))
        let prompt = TeamContextBuilder.conversationPrompt(request: record.request, conversation: conversation)
        let spec = GenerationSpec.fallback(defaults: templateDefaults, positive: prompt,
                                           seed: randomSeed(forVersion: specs.count + 1))
        try await addNote("\(reason). Using the \(spec.templateID) template's defaults with the conversation's prompt: "
                          + "\(SpeakerTask.quote(spec.positive, 300)).")
        return try await storeSpec(spec, source: .fallback, messageID: nil)
    }

    /// Completes a draft over the current spec (or the template's defaults), picks a
    /// seed when Pixel asked for a random one, and keeps the template id known.
    func addSpec(_ draft: GenerationSpecDraft, source: TeamSpecVersion.Source, messageID: Int64) async throws -> TeamSpecVersion {
        let base = specs.last?.spec ?? templateDefaults
        var spec = draft.resolved(over: base, randomSeed: randomSeed(forVersion: specs.count + 1))
        if !configuration.knownTemplateIDs.contains(spec.templateID) { spec.templateID = record.settings.templateID }
        return try await storeSpec(spec, source: source, messageID: messageID)
    }

    func storeSpec(_ spec: GenerationSpec, source: TeamSpecVersion.Source, messageID: Int64?) async throws -> TeamSpecVersion {
        let version = try await store.addTeamSpec(sessionID: sessionID, spec: spec, source: source, messageID: messageID,
                                                  at: configuration.clock())
        specs.append(version)
        record.currentSpecVersion = version.version
        touch()
        emit(.specProposed(version))
        try await persist()
        return version
    }

    func review(_ version: TeamSpecVersion) async throws -> ReviewOutcome {
        let result = try await speak(.lens, .review(version))
        guard case .spoke(let message) = result else {
            let updated = try await setReview(version, .unreviewed, note: nil)
            emit(.reviewSkipped(updated))
            try await addNote("Lens could not review spec v\(version.version); it goes ahead unreviewed.")
            return .accepted(updated)
        }
        switch ReviewVerdict.parse(message.content) {
        case .approved:
            let updated = try await setReview(version, .approved, note: nil)
            emit(.reviewApproved(updated))
            return .accepted(updated)
        case .unclear:
            let updated = try await setReview(version, .approved, note: "no clear verdict")
            emit(.reviewApproved(updated))
            try await addNote("Lens gave no clear verdict on spec v\(version.version); it goes ahead.")
            return .accepted(updated)
        case .rejected(let reasons):
            let limit = record.settings.maxReviewRounds
            guard record.reviewCount < limit else {
                let updated = try await setReview(version, .limitReached, note: reasons)
                emit(.reviewLimitReached(updated))
                try await addNote("Lens still has concerns after \(limit) send-back\(limit == 1 ? "" : "s"): "
                                  + "\(SpeakerTask.quote(reasons, 300)). Spec v\(version.version) goes ahead; the concerns are noted.")
                return .accepted(updated)
            }
            record.reviewCount += 1
            let updated = try await setReview(version, .rejected, note: reasons)
            emit(.reviewRejected(updated, reasons: reasons, sendBacks: record.reviewCount))
            try await persist()
            return .sendBack(reasons)
        }
    }

    func setReview(_ version: TeamSpecVersion, _ review: TeamSpecVersion.Review, note: String?) async throws -> TeamSpecVersion {
        let updated = try await store.setTeamSpecReview(sessionID: sessionID, version: version.version, review: review, note: note)
        if let index = specs.firstIndex(where: { $0.version == version.version }) { specs[index] = updated }
        return updated
    }

    /// The spec goes ahead: phase and status `ready`. Fails the session instead when every
    /// specialist asked in this pass failed.
    func becomeReady(_ version: TeamSpecVersion) async throws {
        if pass.successes == 0 && !pass.failures.isEmpty { throw TeamFailure(message: everyFailedMessage()) }
        record.phase = .ready
        record.currentSpecVersion = version.version
        emit(.phaseChanged(.ready, round: record.round))
        setStatus(.ready)
        emit(.ready(version))
        try await store.recordTeamPhase(sessionID: sessionID, phase: .ready, round: record.round, at: configuration.clock())
        try await persist()
    }

    /// The configured template's defaults, under this session's template id.
    var templateDefaults: GenerationSpec {
        var defaults = configuration.templateDefaults
        defaults.templateID = record.settings.templateID
        return defaults
    }

    /// The seed for a spec version when Pixel asks for a random one: reproducible from the
    /// configured seed, the session id and the version.
    func randomSeed(forVersion version: Int) -> Int {
        var random = SeededRandom(seed: configuration.seed, parts: [UInt64(bitPattern: sessionID), UInt64(max(0, version))])
        return random.generationSeed()
    }
}
