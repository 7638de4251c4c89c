import Core
import Foundation
import Providers
import Store

/// The chorus: runs groups of artists on one prompt with one fixed brush, under a global and
/// a per-provider limit on calls in flight (shared by every group it runs), with retries,
/// budgets, cancel, re-run of failed artists, delete and JSON export.
///
/// An actor: any task may call it. The groups it started are tracked so a running group can
/// be cancelled by id and is never started twice.
public actor Chorus {
    public nonisolated let store: Store
    public nonisolated let directory: any ModelDirectory
    public nonisolated let sink: any GenerationSink
    public nonisolated let settings: ChorusSettings
    private let global: ConcurrencyLimiter
    private var providerLimiters: [String: ConcurrencyLimiter] = [:]
    private var active: [Int64: ChorusGroupRun] = [:]

    /// `sink` nil: the pending-generation brush (records each image prompt as `pending`).
    public init(store: Store, directory: any ModelDirectory, sink: (any GenerationSink)? = nil,
                settings: ChorusSettings = ChorusSettings()) {
        self.store = store
        self.directory = directory
        self.sink = sink ?? PendingGenerationSink(store: store)
        self.settings = settings
        self.global = ConcurrencyLimiter(limit: settings.globalLimit)
    }

    /// What `request` should cost at most (see `CostEstimate`).
    public nonisolated func estimate(_ request: ChorusRequest) -> CostEstimate {
        CostEstimate.make(prompt: request.prompt, systemPrompt: request.systemPrompt, artists: request.artists,
                          directory: directory, defaultMaxTokens: settings.defaultMaxTokens)
    }

    /// Checks the request and its budget, stores the group (prompt, version, SHA-256, brush,
    /// queued runs) and starts it. Throws `ChorusError` (an over-budget estimate included;
    /// nothing is stored then) or a `StoreError`.
    public func start(_ request: ChorusRequest) async throws -> ChorusGroupRun {
        guard !request.prompt.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw ChorusError.emptyPrompt }
        guard !request.artists.isEmpty else { throw ChorusError.noArtists }
        var seen: Set<String> = []
        for artist in request.artists {
            guard Artist.isValidSlug(artist.slug) else { throw ChorusError.invalidArtistSlug(artist.slug) }
            guard seen.insert(artist.slug).inserted else { throw ChorusError.duplicateArtist(artist.slug) }
        }
        let estimate = estimate(request)
        if let budget = request.budget {
            guard budget.isFinite, budget >= 0 else { throw ChorusError.invalidBudget }
            if estimate.total > budget {
                throw ChorusError.overBudget(estimate: estimate.total, budget: budget, unpriced: estimate.unpriced)
            }
        }
        let sha = SHA256Hasher.hex(request.prompt)
        let detail = try await store.createChorusGroup(
            title: RunTitle.from(request.prompt), promptVersion: request.promptVersion ?? "sha-\(sha.prefix(8))",
            prompt: request.prompt, promptSHA256: sha, systemPrompt: request.systemPrompt, brush: request.brush,
            budget: request.budget, estimatedCost: estimate.total, artists: request.artists)
        return launch(detail, runs: detail.runs)
    }

    /// Cancels a group this chorus is running; false when it runs none with this id.
    @discardableResult
    public func cancel(groupID: Int64) -> Bool {
        guard let handle = active[groupID] else { return false }
        handle.cancel()
        return true
    }

    /// Whether this chorus is running the group now.
    public func isRunning(groupID: Int64) -> Bool { active[groupID] != nil }

    /// Runs a group's failed artists again (cancelled, budget-stopped and interrupted ones
    /// included), with the group's prompt, brush and budget: what was spent counts, and the
    /// re-run is refused when spent plus its estimate exceeds the budget.
    public func rerunFailed(groupID: Int64) async throws -> ChorusGroupRun {
        guard let detail = try await store.chorusGroupDetail(id: groupID) else { throw ChorusError.noSuchGroup(groupID) }
        // The stored status decides: a group running here or in another process is not terminal.
        guard detail.group.status.isTerminal else { throw ChorusError.groupRunning(groupID) }
        let failed = detail.runs.filter { $0.status == .failed }
        guard !failed.isEmpty else { throw ChorusError.nothingToRerun(groupID) }
        if let budget = detail.group.budget {
            let spent = try await store.chorusSpent(groupID: groupID)
            let estimate = CostEstimate.make(prompt: detail.group.prompt, systemPrompt: detail.group.systemPrompt,
                                             artists: failed.map(\.artist), directory: directory,
                                             defaultMaxTokens: settings.defaultMaxTokens)
            if spent + estimate.total > budget {
                throw ChorusError.overBudget(estimate: spent + estimate.total, budget: budget, unpriced: estimate.unpriced)
            }
        }
        let requeued = try await store.requeueFailedChorusRuns(groupID: groupID)
        guard let reloaded = try await store.chorusGroupDetail(id: groupID) else { throw ChorusError.noSuchGroup(groupID) }
        return launch(reloaded, runs: requeued)
    }

    /// Deletes a group (cancelling it first if it runs here) with its session, runs and
    /// generations. Returns the asset paths that were recorded, for the caller to remove.
    @discardableResult
    public func delete(groupID: Int64) async throws -> [String] {
        if let handle = active[groupID] {
            handle.cancel()
            _ = try? await handle.result()
        }
        guard let paths = try await store.deleteChorusGroup(id: groupID) else { throw ChorusError.noSuchGroup(groupID) }
        return paths
    }

    /// The whole group as JSON: prompt version, text and SHA-256, brush, budget, artists,
    /// runs with statements, image prompts, warnings and answers, generations, statistics.
    /// Holds no secrets (none are stored).
    public func export(groupID: Int64) async throws -> Data {
        try await ChorusExport.make(groupID: groupID, store: store).encoded()
    }

    private func launch(_ detail: ChorusGroupDetail, runs: [ChorusRun]) -> ChorusGroupRun {
        let (events, continuation) = AsyncStream.makeStream(of: ChorusEvent.self, bufferingPolicy: .unbounded)
        continuation.yield(.started(detail))
        var limiters: [String: ConcurrencyLimiter] = [:]
        for run in runs {
            let provider = run.artist.model.provider
            limiters[provider] = providerLimiter(provider)
        }
        let driver = ChorusDriver(store: store, runner: TurnRunner(store: store, directory: directory), sink: sink,
                                  settings: settings, global: global, providerLimiters: limiters, group: detail.group,
                                  emit: { continuation.yield($0) })
        let store = self.store
        let groupID = detail.group.id
        let task = Task {
            defer { continuation.finish() }
            do {
                return try await driver.run(runs)
            } catch {
                _ = try? await store.setChorusGroupStatus(groupID: groupID, status: .failed, error: "the group stopped: \(error)")
                throw error
            }
        }
        let handle = ChorusGroupRun(groupID: groupID, sessionID: detail.group.sessionID, events: events, task: task)
        active[groupID] = handle
        Task { [weak self] in
            _ = try? await handle.result()
            await self?.forget(groupID, handle)
        }
        return handle
    }

    private func forget(_ groupID: Int64, _ handle: ChorusGroupRun) {
        if active[groupID] === handle { active[groupID] = nil }
    }

    private func providerLimiter(_ provider: String) -> ConcurrencyLimiter {
        if let limiter = providerLimiters[provider] { return limiter }
        let limiter = ConcurrencyLimiter(limit: settings.limit(forProvider: provider))
        providerLimiters[provider] = limiter
        return limiter
    }
}
