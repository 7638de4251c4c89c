import Foundation

/// Runs generations end to end: waits for ComfyUI while it is unreachable (the job stays
/// queued), uploads an input image, instantiates the template, checks it against
/// `/object_info`, opens the `/ws` socket, submits with a client-chosen prompt id and
/// `extra_pnginfo`, follows the job (socket, else polling), retries once at a lower
/// resolution after an out-of-memory error, and saves every output with `OutputSaver`.
/// With `Options.ollamaUnloader`, Ollama's models are unloaded before each submission.
/// Each job's events arrive on its `GenerationJob.events`. Sendable; `start` may be called
/// from any task, for several jobs at once (ComfyUI queues them): each job runs with a
/// client id of its own (`client.withClientID`), since ComfyUI sends a job's events only to
/// the socket of the client id that submitted it and keeps one socket per id, so jobs
/// sharing an id would take each other's socket. `client` serves everything else
/// (doctor, listings) and its id is never used for a job.
public final class GenerationRunner: Sendable {
    /// Timing and behaviour. A plain value.
    public struct Options: Sendable {
        /// Waits between attempts to reach ComfyUI (and the clock used to sleep).
        public var backoff: Backoff = Backoff()
        /// Seconds between `/history` polls when there is no socket.
        public var pollInterval: Double = 1
        /// How many times to probe an unreachable ComfyUI before giving up; nil = for ever.
        public var maxServerWaitAttempts: Int?
        /// Seconds without a socket event for the job before the follower asks `/history` and
        /// `/queue` whether ComfyUI still has it (and again at that interval while it waits):
        /// a job the server forgot fails instead of waiting for ever.
        public var quietPeriod: Double = 30
        /// Seconds ComfyUI may stay unreachable while a submitted job is followed before the
        /// generation fails (`unreachable`).
        public var followUnreachableLimit: Double = 120
        /// Use the `/ws` socket for live progress (else poll only).
        public var useWebSocket = true
        public var webSocket = WebSocketConnection.Options()
        /// When set (one GPU shared with Ollama), Ollama's loaded models are unloaded before
        /// every submission (`ollamaUnloaded` says what happened; a failure never stops the job).
        public var ollamaUnloader: OllamaUnloader?

        public init() {}
    }

    public let client: ComfyClient
    public let saver: OutputSaver
    public let options: Options

    public init(client: ComfyClient, saver: OutputSaver, options: Options = Options()) {
        self.client = client
        self.saver = saver
        self.options = options
    }

    /// Starts a job and returns at once; follow `events`.
    public func start(_ request: GenerationRequest) -> GenerationJob {
        let (stream, continuation) = AsyncThrowingStream<GenerationEvent, Error>.makeStream()
        let job = GenerationJob(events: stream)
        let worker = forOneJob()
        let task = Task { await worker.run(request, continuation: continuation) }
        job.attach(task)
        continuation.onTermination = { termination in
            if case .cancelled = termination { task.cancel() }
        }
        return job
    }

    /// This runner with a fresh client id, for one job.
    func forOneJob() -> GenerationRunner {
        GenerationRunner(client: client.withClientID(UUID().uuidString.lowercased()), saver: saver, options: options)
    }

    private func run(_ request: GenerationRequest, continuation: AsyncThrowingStream<GenerationEvent, Error>.Continuation) async {
        await run(continuation: continuation, current: CurrentPrompt()) { current, emit throws(ComfyError) in
            try await execute(request, current: current, emit: emit)
        }
    }

    private func execute(_ request: GenerationRequest, current: CurrentPrompt,
                         emit: @escaping @Sendable (GenerationEvent) -> Void) async throws(ComfyError) -> [SavedOutput] {
        try saver.generationDirectory(session: request.session, generation: request.generation)
        try await waitForServer(emit: emit)
        var parameters = request.parameters
        if let image = request.inputImage {
            let name = try await client.uploadImage(image, filename: "atelier-\(request.generation).png")
            parameters["input_image"] = .string(name)
        }
        var attempt = 0
        while true {
            attempt += 1
            let workflow = try instantiate(request.template, parameters, policy: attempt == 1 ? .reject : .clamp)
            if let seed = workflow.parameters["seed"] { parameters["seed"] = seed }
            emit(.prepared(workflow))
            if request.preflight { try await preflight(workflow.prompt) }
            if let unloader = options.ollamaUnloader { emit(.ollamaUnloaded(await unloader.unloadIdleModels())) }
            let (promptID, socket) = try await submit(workflow, request: request, current: current, emit: emit)
            emit(.submitted(promptID: promptID, attempt: attempt))
            let follower = follower(promptID: promptID, graph: workflow.prompt, emit: emit)
            let outcome: JobFollower.Outcome
            do {
                outcome = try await follower.follow(socket: socket)
                socket?.close()
            } catch {
                socket?.close()
                throw error
            }
            switch outcome {
            case .succeeded(let files):
                current.id = nil
                emit(.succeeded)
                return try await save(files, session: request.session, generation: request.generation, emit: emit)
            case .interrupted:
                current.id = nil
                emit(.interrupted)
                throw ComfyError(.interrupted, "ComfyUI interrupted job \(promptID)", url: client.baseURL)
            case .failed(let failure):
                current.id = nil
                guard failure.isOutOfMemory else {
                    throw ComfyError(.executionFailed, "ComfyUI could not finish the job: \(failure)", url: client.baseURL)
                }
                let size = request.template.size(with: parameters)
                if attempt == 1, request.retryOnOutOfMemory, let size,
                   let smaller = ResolutionFallback.reduced(width: size.width, height: size.height) {
                    emit(.retryingAtLowerResolution(fromWidth: size.width, fromHeight: size.height,
                                                    toWidth: smaller.width, toHeight: smaller.height))
                    parameters["width"] = .int(smaller.width)
                    parameters["height"] = .int(smaller.height)
                    continue
                }
                let at = size.map { " at \($0.width)×\($0.height)" } ?? ""
                let again = attempt > 1 ? " again after the retry at a lower resolution" : ""
                throw ComfyError(.outOfMemory, "ComfyUI ran out of GPU memory\(at)\(again): \(failure). Try a smaller size or fewer frames.",
                                 url: client.baseURL)
            }
        }
    }

    func waitForServer(emit: @escaping @Sendable (GenerationEvent) -> Void) async throws(ComfyError) {
        var waited = false
        try await client.waitUntilReachable(backoff: options.backoff, maxAttempts: options.maxServerWaitAttempts) { error, attempt, delay in
            waited = true
            emit(.waitingForServer(message: error.message, attempt: attempt, retryIn: delay))
        }
        if waited { emit(.serverAvailable) }
    }

    private func instantiate(_ template: WorkflowTemplate, _ parameters: [String: WorkflowValue],
                             policy: LimitPolicy) throws(ComfyError) -> InstantiatedWorkflow {
        do {
            return try template.instantiate(parameters, limitPolicy: policy)
        } catch {
            throw ComfyError(.invalidWorkflow, error.message, url: client.baseURL)
        }
    }

    private func preflight(_ prompt: JSONValue) async throws(ComfyError) {
        do {
            try await client.preflight(prompt)
        } catch {
            switch error.kind {
            case .missingModel, .rejected, .cancelled, .unreachable: throw error
            default: return  // object_info unavailable or odd: let ComfyUI validate
            }
        }
    }

    /// Opens the socket, then submits; while ComfyUI is unreachable the job waits and tries again.
    private func submit(_ workflow: InstantiatedWorkflow, request: GenerationRequest, current: CurrentPrompt,
                        emit: @escaping @Sendable (GenerationEvent) -> Void) async throws(ComfyError) -> (String, WebSocketConnection?) {
        var info = request.extraPNGInfo
        info["atelier"] = [
            "workflow_id": .string(workflow.templateID),
            "parameters": .object(workflow.parameters.mapValues(\.json)),
        ]
        while true {
            var socket: WebSocketConnection?
            if options.useWebSocket {
                do {
                    socket = try await client.openEvents(options: options.webSocket)
                } catch {
                    if Task.isCancelled { throw ComfyError(.cancelled, "cancelled", url: client.baseURL) }
                    emit(.pollingFallback(reason: "no live progress: \(error); polling /history instead"))
                }
            }
            do {
                // The id is ours, known before the request: a cancel while it is in flight can
                // still interrupt or dequeue the job.
                let promptID = UUID().uuidString.lowercased()
                current.id = promptID
                let receipt = try await client.submit(workflow.prompt, promptID: promptID, extraPNGInfo: info)
                current.id = receipt.promptID
                return (receipt.promptID, socket)
            } catch {
                socket?.close()
                if error.kind != .cancelled { current.id = nil }
                guard error.kind == .unreachable else { throw error }
                try await waitForServer(emit: emit)
            }
        }
    }
}
