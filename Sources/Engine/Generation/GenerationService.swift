import Comfy
import Core
import Foundation
import Store
import Synchronization

/// Turns generation orders into ComfyUI jobs and keeps their records: `prepare` runs the
/// prompt pipeline (when asked) and records the generation `pending` with both texts, so the
/// prompt can be read and edited (`edit`) before `send` puts it in the queue; `run` does
/// both. While a job runs, its events become store writes (status `queued` → `running` →
/// `succeeded` / `failed` / `cancelled`, progress, the archived graph and parameters,
/// the ComfyUI prompt id, attempts, notes, timings, one asset row per saved file) and
/// `GenerationUpdate`s on the handle. Outputs go under
/// `<data>/generations/<session or "direct">/<generation id>/` (the runner's saver).
/// An unreachable ComfyUI keeps the generation `queued` while the runner waits (its
/// `maxServerWaitAttempts` decides for how long). Several may run at once: the runner gives
/// each job a ComfyUI client id of its own.
///
/// Sendable; any task may call it. A generation is rendered at most once at a time by one
/// service (`busy` otherwise).
public final class GenerationService: Sendable {
    public let store: Store
    public let library: WorkflowLibrary
    public let runner: GenerationRunner
    let state = Mutex(ActiveGenerations())

    public init(store: Store, library: WorkflowLibrary, runner: GenerationRunner) {
        self.store = store
        self.library = library
        self.runner = runner
    }

    /// The folder name for a session's outputs: its id, or `direct` for none.
    public static func folderName(sessionID: Int64?) -> String {
        sessionID.map { String($0) } ?? "direct"
    }

    /// The template with this id; `unknownWorkflow` lists the ids there are, `brokenWorkflow`
    /// names what is wrong with it.
    public func template(id: String) throws(GenerationServiceError) -> WorkflowTemplate {
        guard let template = library.template(id: id) else {
            let broken = library.problems(for: id).filter { $0.severity == .error }
            if let first = broken.first {
                throw GenerationServiceError(.brokenWorkflow, "workflow '\(id)' is broken: \(first)")
            }
            let known = library.templates.map(\.id).joined(separator: ", ")
            throw GenerationServiceError(.unknownWorkflow, "no workflow '\(id)'; available: \(known.isEmpty ? "none" : known)")
        }
        return template
    }

    /// Runs the pipeline (interception, then optimization) when `plan` asks and the workflow
    /// takes a prompt, checks every value against the workflow, and records the generation
    /// `pending`: `idea` is the order's idea (else its prompt), `interception` the first
    /// step's result (or the order's prompt when the interception was made elsewhere), the
    /// row's `positive` the prompt to send. Nothing is sent.
    public func prepare(_ order: GenerationOrder, plan: PromptPlan? = nil) async throws -> GenerationDetails {
        let template = try template(id: order.workflowID)
        let takesPrompt = template.bindings["prompt"] != nil
        var positive = order.prompt
        var interception: String? = order.idea == nil || order.prompt.isEmpty ? nil : order.prompt
        if takesPrompt, let plan, plan.needsModel(instruction: template.optimizationInstruction) {
            let (optimized, intercepted) = try await runPipeline(order.prompt, plan: plan, template: template)
            positive = optimized
            interception = intercepted ?? interception
        }
        let negative = order.negative ?? Self.literal(template, "negative_prompt") ?? ""
        var parameters = order.parameters
        if takesPrompt { parameters["prompt"] = .string(positive) }
        if template.bindings["negative_prompt"] != nil { parameters["negative_prompt"] = .string(negative) }
        do {
            _ = try template.instantiate(parameters)
        } catch {
            throw GenerationServiceError(error.kind == .invalidTemplate ? .brokenWorkflow : .invalidParameter, error.message)
        }
        let requested = JSONValue.object(order.parameters.filter { !GenerationOrder.promptNames.contains($0.key) }
            .mapValues(\.json)).text
        let row = try await store.insertGeneration(sessionID: order.sessionID, sourceKind: order.sourceKind,
                                                   sourceID: order.sourceID, workflowID: template.id, positive: positive,
                                                   negative: negative, parametersJSON: requested)
        let idea = order.idea ?? order.prompt
        try await store.setGenerationPrompts(id: row.id, idea: idea.isEmpty ? nil : idea, interception: interception)
        var notes = order.notes
        if !takesPrompt && !order.prompt.isEmpty {
            notes.append("workflow '\(template.id)' takes no prompt: the text is kept on the record only")
        }
        for note in notes { try await store.addGenerationNote(id: row.id, note) }
        guard let details = try await store.generationDetails(id: row.id) else {
            throw GenerationServiceError(.noSuchGeneration, "generation \(row.id) vanished after it was recorded")
        }
        return details
    }

    /// Changes the prompt (and negative prompt) of a generation that is not out for
    /// rendering: pending, failed or cancelled. Nil keeps what is stored.
    @discardableResult
    public func edit(generationID: Int64, prompt: String?, negative: String?) async throws -> StoredGeneration {
        if state.withLock({ $0.reserved.contains(generationID) }) {
            throw GenerationServiceError(.busy, "generation \(generationID) is being rendered now")
        }
        do {
            return try await store.setGenerationPrompts(id: generationID, positive: prompt, negative: negative)
        } catch let error as StoreError where error.kind == .invalidArgument {
            throw GenerationServiceError(.notEditable, error.message)
        } catch let error as StoreError where error.kind == .notFound {
            throw GenerationServiceError(.noSuchGeneration, "there is no generation \(generationID)")
        }
    }

    /// `prepare`, then `send`.
    public func run(_ order: GenerationOrder, plan: PromptPlan? = nil, inputImage: [UInt8]? = nil) async throws -> GenerationHandle {
        let details = try await prepare(order, plan: plan)
        return try await send(generationID: details.generation.id, inputImage: inputImage)
    }

    /// Renders the team's approved spec for a session (`team --generate`): the spec's
    /// template, checkpoint, sampler, scheduler, steps, cfg, size, seed (0 = any) and
    /// prompts, recorded with source `team` and `sourceID` (the message holding the spec).
    public func generate(spec: GenerationSpec, sessionID: Int64, sourceID: Int64? = nil, idea: String? = nil,
                         plan: PromptPlan? = nil) async throws -> GenerationHandle {
        let details = try await prepare(spec: spec, sessionID: sessionID, sourceID: sourceID, idea: idea, plan: plan)
        return try await send(generationID: details.generation.id)
    }

    /// `generate`'s first half: the spec recorded `pending` after the pipeline. With `idea`
    /// (the person's request) the spec's prompt is stored as the interception the team made,
    /// and `plan` should only optimize (the workflow's instruction rewrites Pixel's prompt).
    public func prepare(spec: GenerationSpec, sessionID: Int64, sourceID: Int64? = nil, idea: String? = nil,
                        plan: PromptPlan? = nil) async throws -> GenerationDetails {
        let order = GenerationOrder.spec(spec, template: try template(id: spec.templateID), sessionID: sessionID,
                                         sourceID: sourceID, idea: idea)
        return try await prepare(order, plan: plan)
    }

    /// The handle of a generation this service is rendering now.
    public func handle(generationID: Int64) -> GenerationHandle? {
        state.withLock { $0.handles[generationID] }
    }

    /// Cancels a generation this service is rendering; false when it renders none with this id.
    @discardableResult
    public func cancel(generationID: Int64) -> Bool {
        guard let handle = handle(generationID: generationID) else { return false }
        handle.cancel()
        return true
    }

    private func runPipeline(_ idea: String, plan: PromptPlan, template: WorkflowTemplate) async throws -> (String, String?) {
        guard let rewrite = plan.rewrite else {
            throw GenerationServiceError(.pipeline, "the prompt pipeline needs a model (choose one with -m)")
        }
        guard !idea.allSatisfy(\.isWhitespace) else {
            throw GenerationServiceError(.invalidParameter, "there is no prompt for the prompt pipeline to rewrite")
        }
        let pipeline = PromptPipeline(rewrite: rewrite)
        let intercepts = !plan.interceptionContext.allSatisfy(\.isWhitespace)
        do {
            let intercepted = try await pipeline.intercept(idea, context: plan.interceptionContext)
            let optimized = plan.optimize ? try await pipeline.optimize(intercepted, instruction: template.optimizationInstruction)
                                          : intercepted
            return (optimized, intercepts ? intercepted : nil)
        } catch let error as GenerationServiceError {
            throw error
        } catch let error as StoreError {
            throw error
        } catch let error as ProviderError {
            throw error
        } catch {
            throw GenerationServiceError(.pipeline, "the prompt pipeline failed: \(error)")
        }
    }

    /// The text a template uses for a string parameter when given none: its default, else the
    /// graph's literal at the first target.
    static func literal(_ template: WorkflowTemplate, _ name: String) -> String? {
        guard let binding = template.bindings[name] else { return nil }
        if case .string(let text)? = template.defaults[name] { return text }
        guard let target = binding.targets.first else { return nil }
        return template.graph[target.node]?["inputs"]?[target.input]?.stringValue
    }
}

/// The generations a service renders now. Guarded by the service's mutex.
struct ActiveGenerations: Sendable {
    /// Ids claimed by `send` (from before the queue write until the follower ends).
    var reserved: Set<Int64> = []
    var handles: [Int64: GenerationHandle] = [:]
}
