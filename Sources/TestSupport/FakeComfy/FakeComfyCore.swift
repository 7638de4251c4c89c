import Foundation
import Synchronization

/// The fake ComfyUI's shared heart: the locked state, the output folder, the HTTP routes
/// and the job worker. Outlives restarts of the listening server. Thread-safe: HTTP handler
/// threads, the worker thread and the test all call in.
final class FakeComfyCore: Sendable {
    let outputDirectory: String
    let state: Mutex<FakeComfyState>
    /// Bumped to stop the current worker thread.
    private let workerGeneration = Mutex(0)
    private let stopped = Mutex(false)

    init(outputDirectory: String) {
        self.outputDirectory = outputDirectory
        self.state = Mutex(FakeComfyState())
    }

    var isStopped: Bool { stopped.withLock { $0 } }

    func setStopped(_ value: Bool) { stopped.withLock { $0 = value } }

    // MARK: Routing

    func handle(_ request: HTTPServerRequest, _ writer: HTTPServerResponseWriter) {
        var headers: [String: String] = [:]
        for (name, value) in request.headers { headers[name.lowercased()] = value }
        let faults = state.withLock { state -> FakeComfyFaults in
            state.requests.append(FakeComfyRequest(method: request.method, target: request.target, headers: headers))
            return state.faults
        }
        if faults.stallRequests {
            _ = writer.sleep(seconds: 60)
            writer.abort()
            return
        }
        if let origin = request.header("Origin"), Self.authority(ofOrigin: origin) != request.header("Host")?.lowercased() {
            writer.respond(status: 403, contentType: "text/plain; charset=utf-8", body: [])
            return
        }
        var path = request.path
        if path.hasPrefix("/api/") { path = String(path.dropFirst(4)) }
        switch (request.method, path) {
        case ("GET", "/ws"): webSocket(request, writer)
        case ("POST", "/prompt"): postPrompt(request, writer)
        case ("GET", "/prompt"): json(writer, .object([("exec_info", .object([("queue_remaining", .int(Int64(state.withLock { $0.queueRemaining })))]))]))
        case ("GET", "/queue"): json(writer, queueJSON())
        case ("POST", "/queue"): postQueue(request, writer)
        case ("POST", "/interrupt"): postInterrupt(request, writer)
        case ("GET", "/history"): json(writer, .object(state.withLock { $0.history }))
        case ("POST", "/history"): postHistory(request, writer)
        case ("GET", "/view"): view(request, writer)
        case ("GET", "/object_info"): json(writer, state.withLock { $0.catalog }.allInfo())
        case ("GET", "/system_stats"): json(writer, dialect == .pypi2024 ? Self.legacySystemStats : Self.systemStats)
        case ("GET", "/features"): json(writer, .object([("supports_preview_metadata", true), ("max_upload_size", 104_857_600)]))
        case ("GET", "/models"): json(writer, ["checkpoints", "loras", "vae", "text_encoders", "upscale_models"])
        case ("POST", "/upload/image"): uploadImage(request, writer)
        case ("POST", "/free"): writer.respond(status: 200, contentType: "text/plain", body: [])
        default:
            if request.method == "GET", path.hasPrefix("/history/") {
                let id = HTTPServerRequest.percentDecode(String(path.dropFirst("/history/".count)))
                let entry = state.withLock { state in state.history.first { $0.0 == id } }
                json(writer, .object(entry.map { [$0] } ?? []))
            } else if request.method == "GET", path.hasPrefix("/object_info/") {
                let name = HTTPServerRequest.percentDecode(String(path.dropFirst("/object_info/".count)))
                let info = state.withLock { $0.catalog }.info(name)
                json(writer, .object(info.map { [(name, $0)] } ?? []))
            } else if request.method == "GET", path == "/models/checkpoints" {
                json(writer, .array(state.withLock { $0.checkpoints }.map { .string($0) }))
            } else if request.method == "GET", path == "/models/text_encoders" {
                json(writer, .array(state.withLock { $0.textEncoders }.map { .string($0) }))
            } else {
                writer.respond(status: 404, contentType: "text/plain; charset=utf-8", body: Array("404: Not Found".utf8))
            }
        }
    }

    func json(_ writer: HTTPServerResponseWriter, _ value: FakeComfyJSON, status: Int = 200) {
        writer.respond(status: status, json: value.text)
    }

    static func authority(ofOrigin origin: String) -> String {
        var text = origin.lowercased()
        if let range = text.range(of: "://") { text = String(text[range.upperBound...]) }
        return text.split(separator: "/").first.map(String.init) ?? text
    }

    // MARK: /prompt

    private func postPrompt(_ request: HTTPServerRequest, _ writer: HTTPServerResponseWriter) {
        guard let body = FakeComfyJSON.parse(request.body), body.members != nil else {
            writer.respond(status: 500, contentType: "text/plain; charset=utf-8",
                           body: Array("500 Internal Server Error\n\nServer got itself in trouble".utf8))
            return
        }
        state.withLock { $0.promptBodies.append(body) }
        let legacy = dialect == .pypi2024
        guard let graph = body["prompt"] else {
            json(writer, legacy ? Self.legacyNoPrompt : FakePromptValidator.error("no_prompt", "No prompt provided", details: "No prompt provided"),
                 status: 400)
            return
        }
        let catalog = state.withLock { $0.catalog }
        let outcome = FakePromptValidator.validate(graph, catalog: catalog)
        if let errorBody = outcome.errorBody {
            json(writer, legacy ? Self.legacyErrorBody(errorBody) : errorBody, status: 400)
            return
        }
        let clientID = body["client_id"]?.string
        var extra = body["extra_data"]?.members ?? []
        if let clientID { extra.append(("client_id", .string(clientID))) }
        if !legacy { extra.append(("create_time", .int(Int64(Date().timeIntervalSince1970 * 1000)))) }
        let promptID = (legacy ? nil : body["prompt_id"]?.string) ?? UUID().uuidString.lowercased()
        let front = body["front"]?.bool ?? false
        let job = state.withLock { state -> FakeJob in
            state.number += 1
            let number = front ? -state.number : state.number
            let job = FakeJob(number: number, promptID: promptID, graph: graph, extraData: .object(extra), clientID: clientID,
                              outputs: outcome.outputs)
            state.pending.append(job)
            state.unannounced.insert(promptID)
            return job
        }
        broadcastStatus()
        state.withLock { _ = $0.unannounced.remove(promptID) }
        json(writer, .object([("prompt_id", .string(promptID)), ("number", .int(Int64(job.number))),
                              ("node_errors", .object(outcome.nodeErrors))]))
    }

    private func queueJSON() -> FakeComfyJSON {
        state.withLock { state in
            .object([
                ("queue_running", .array(state.running.map { [$0.queueItem] } ?? [])),
                ("queue_pending", .array(state.pending.map(\.queueItem))),
            ])
        }
    }

    private func postQueue(_ request: HTTPServerRequest, _ writer: HTTPServerResponseWriter) {
        let body = FakeComfyJSON.parse(request.body)
        state.withLock { state in
            if body?["clear"]?.bool == true { state.pending = [] }
            for id in body?["delete"]?.array?.compactMap(\.string) ?? [] {
                state.deleted.append(id)
                state.pending.removeAll { $0.promptID == id }
            }
        }
        broadcastStatus()
        writer.respond(status: 200, contentType: "text/plain", body: [])
    }

    private func postInterrupt(_ request: HTTPServerRequest, _ writer: HTTPServerResponseWriter) {
        let id = FakeComfyJSON.parse(request.body)?["prompt_id"]?.string
        state.withLock { state in
            state.interrupts.append(id)
            guard let running = state.running else { return }
            // The PyPI server ignores the id and interrupts whatever runs.
            if id == nil || id == running.promptID || state.faults.dialect == .pypi2024 {
                state.interruptRequested.insert(running.promptID)
            }
        }
        writer.respond(status: 200, contentType: "text/plain", body: [])
    }

    private func postHistory(_ request: HTTPServerRequest, _ writer: HTTPServerResponseWriter) {
        let body = FakeComfyJSON.parse(request.body)
        state.withLock { state in
            if body?["clear"]?.bool == true { state.history = [] }
            let doomed = Set(body?["delete"]?.array?.compactMap(\.string) ?? [])
            state.history.removeAll { doomed.contains($0.0) }
        }
        writer.respond(status: 200, contentType: "text/plain", body: [])
    }

    static let systemStats: FakeComfyJSON = .object([
        ("system", .object([
            ("os", "linux"), ("ram_total", 25_276_502_016), ("ram_free", 23_560_581_120), ("comfyui_version", "0.8.0"),
            ("required_frontend_version", "1.35.9"), ("python_version", "3.11.7 (main) [GCC 12.2.0]"),
            ("pytorch_version", "2.15.0+cu132"), ("embedded_python", false), ("argv", ["main.py", "--fake"]),
        ])),
        ("devices", [.object([
            ("name", "cuda:0 Fake GPU"), ("type", "cuda"), ("index", 0), ("vram_total", 25_769_803_776), ("vram_free", 24_000_000_000),
            ("torch_vram_total", 25_769_803_776), ("torch_vram_free", 24_000_000_000),
        ])]),
    ])

    // MARK: Worker

    func startWorker() {
        let generation = workerGeneration.withLock { value -> Int in
            value += 1
            return value
        }
        let thread = Thread { [self] in workerLoop(generation: generation) }
        thread.name = "fake-comfy-worker"
        thread.start()
    }

    func stopWorker() {
        workerGeneration.withLock { $0 += 1 }
    }

    private func workerLoop(generation: Int) {
        while workerGeneration.withLock({ $0 }) == generation {
            let job = state.withLock { state -> FakeJob? in
                let ready = state.pending.indices.filter { !state.unannounced.contains(state.pending[$0].promptID) }
                guard state.running == nil, !state.faults.holdQueue, !ready.isEmpty else { return nil }
                let index = ready.min { state.pending[$0].number < state.pending[$1].number } ?? ready[0]
                let job = state.pending.remove(at: index)
                state.running = job
                return job
            }
            guard let job else {
                usleep(2_000)
                continue
            }
            guard holdSilently(job, generation: generation) else { continue }
            FakeJobRun(core: self, job: job, generation: generation).run()
        }
    }

    /// While `silenceJobs` is set, keeps `job` running without a word; false when the job
    /// was forgotten (or the worker stopped) meanwhile, so it must not run.
    private func holdSilently(_ job: FakeJob, generation: Int) -> Bool {
        while state.withLock({ $0.faults.silenceJobs }) {
            guard isCurrentWorker(generation), state.withLock({ $0.running?.promptID == job.promptID }) else { return false }
            usleep(2_000)
        }
        return isCurrentWorker(generation) && state.withLock { $0.running?.promptID == job.promptID }
    }

    func isCurrentWorker(_ generation: Int) -> Bool { workerGeneration.withLock { $0 } == generation }
}
