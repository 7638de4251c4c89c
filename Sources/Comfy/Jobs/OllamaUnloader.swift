import Foundation
import Net

/// Frees the GPU that ComfyUI shares with Ollama before a job: asks Ollama which models it
/// holds (`GET /api/ps`) and asks it to unload each one (`POST /api/generate` with
/// `{"model": NAME, "keep_alive": 0}` and no prompt, Ollama's documented unload request),
/// then polls `/api/ps` for a few seconds until they are gone. Ollama unloads a model only
/// once no request is using it, so a model busy answering finishes first: only idle models
/// leave at once, and the report lists the rest as still loaded.
///
/// Best effort by design: an unreachable or odd Ollama never stops a generation, it only
/// produces a `problem` line. Model names are Ollama's and are reported as they are
/// (sanitised to one line). Sendable; any task.
public struct OllamaUnloader: Sendable {
    /// What one `unloadIdleModels` did. A plain value.
    public struct Report: Sendable, Hashable {
        /// Models Ollama was asked to unload and no longer lists.
        public var unloaded: [String]
        /// Models still listed after the wait (busy answering a request).
        public var stillLoaded: [String]
        /// Why nothing (or not everything) could be asked, when so.
        public var problem: String?

        public init(unloaded: [String] = [], stillLoaded: [String] = [], problem: String? = nil) {
            self.unloaded = unloaded
            self.stillLoaded = stillLoaded
            self.problem = problem
        }
    }

    /// Ollama's base URL (`http://host:11434`, no trailing slash).
    public let baseURL: String
    /// How long to watch `/api/ps` for the models to go.
    public let settleSeconds: Double
    let http: HTTPClient
    let timeouts: HTTPTimeouts

    public init(baseURL: String, settleSeconds: Double = 5, http: HTTPClient = .shared,
                timeouts: HTTPTimeouts = HTTPTimeouts(connect: 3, firstByte: 30, stall: 30)) {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
        self.settleSeconds = settleSeconds
        self.http = http
        self.timeouts = timeouts
    }

    /// Unloads every model Ollama holds now; never throws.
    public func unloadIdleModels() async -> Report {
        let loaded: [String]
        do {
            loaded = try await loadedModels()
        } catch {
            return Report(problem: "could not ask Ollama at \(baseURL) which models it holds: \(error.message)")
        }
        guard !loaded.isEmpty else { return Report() }
        var problems: [String] = []
        for name in loaded {
            do {
                try await unload(name)
            } catch {
                problems.append("\(TextSanitizer.oneLine(name, limit: 80)): \(error.message)")
            }
        }
        var remaining = Set(loaded)
        let deadline = ContinuousClock.now + .milliseconds(Int(settleSeconds * 1000))
        while true {
            if let now = try? await loadedModels() { remaining = Set(loaded).intersection(now) }
            if remaining.isEmpty || ContinuousClock.now >= deadline || Task.isCancelled { break }
            try? await Task.sleep(for: .milliseconds(200))
        }
        let clean = { (names: [String]) in names.map { TextSanitizer.oneLine($0, limit: 80) } }
        return Report(unloaded: clean(loaded.filter { !remaining.contains($0) }),
                      stillLoaded: clean(loaded.filter { remaining.contains($0) }),
                      problem: problems.isEmpty ? nil : "Ollama refused to unload " + problems.joined(separator: "; "))
    }

    /// The names `GET /api/ps` lists (`model`, else `name`, of each entry).
    public func loadedModels() async throws(OllamaUnloadError) -> [String] {
        let (status, json) = try await request("GET", "/api/ps", body: nil)
        guard status == 200, let entries = json?["models"]?.arrayValue else {
            throw OllamaUnloadError(message: status == 200 ? "its /api/ps answer has no model list" : "/api/ps answered HTTP \(status)")
        }
        return entries.compactMap { $0["model"]?.stringValue ?? $0["name"]?.stringValue }.filter { !$0.isEmpty }
    }

    /// Asks Ollama to unload one model (`keep_alive: 0`, no prompt).
    public func unload(_ model: String) async throws(OllamaUnloadError) {
        let body: JSONValue = .object(["model": .string(model), "keep_alive": .int(0)])
        let (status, json) = try await request("POST", "/api/generate", body: body)
        guard status == 200 else {
            let detail = json?["error"]?.stringValue.map { ": " + TextSanitizer.oneLine($0, limit: 160) } ?? ""
            throw OllamaUnloadError(message: "HTTP \(status)\(detail)")
        }
    }

    private func request(_ method: String, _ path: String, body: JSONValue?) async throws(OllamaUnloadError) -> (Int, JSONValue?) {
        let headers = body == nil ? [] : [HTTPHeader("Content-Type", "application/json")]
        let request = HTTPRequest(method: method, url: baseURL + path, headers: headers, body: body?.encoded(),
                                  timeouts: timeouts, maxResponseBytes: 4 << 20)
        do {
            let response = try await http.send(request)
            return (response.status, response.body.isEmpty ? nil : try? JSONValue.parse(response.body))
        } catch let error as HTTPError {
            throw OllamaUnloadError(message: error.message)
        } catch {
            throw OllamaUnloadError(message: String(describing: error))
        }
    }
}

/// Why a request to Ollama for freeing the GPU failed: one line, no secrets (Ollama's
/// native API takes no key). A plain value.
public struct OllamaUnloadError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
