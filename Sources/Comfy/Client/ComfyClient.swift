import Foundation
import Net

/// A faithful ComfyUI HTTP client: `POST /prompt` (with `client_id`, an optional client-chosen
/// `prompt_id` and `extra_data.extra_pnginfo`), `/history/{id}`, `/queue`, `/interrupt`,
/// `/object_info`, `/models/checkpoints`, `/system_stats`, `/upload/image`, `/view`, and the
/// `/ws` socket for live events. Never sends an `Origin` header. Every failure is a
/// `ComfyError`: a server that does not answer is `unreachable` with the URL and the fix.
/// Sendable; call from any task. `clientID` is fixed for the client's life, so the
/// WebSocket and every prompt share it.
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

    // MARK: Jobs

    /// Queues a graph. `promptID` nil lets ComfyUI choose one. `extraPNGInfo` is embedded by
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

    /// Interrupts the running job if it is `promptID` (nil interrupts whatever runs).
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

    // MARK: Files

    /// Uploads an input image (`POST /upload/image`, type `input`) and returns the name to
    /// give a `LoadImage` node (`subfolder/name` when ComfyUI put it in one).
    public func uploadImage(_ bytes: [UInt8], filename: String, contentType: String = "image/png") async throws(ComfyError) -> String {
        let boundary = "atelier-" + UUID().uuidString
        var body: [UInt8] = []
        func field(_ name: String, _ value: String) {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        var safeName = String(filename.unicodeScalars.filter { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0)) })
        while safeName.contains("..") { safeName = safeName.replacingOccurrences(of: "..", with: ".") }
        while safeName.hasPrefix(".") { safeName.removeFirst() }
        body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"image\"; filename=\"\(safeName.isEmpty ? "input.png" : safeName)\"\r\nContent-Type: \(contentType)\r\n\r\n".utf8)
        body += bytes + Array("\r\n".utf8)
        field("type", "input")
        field("overwrite", "false")
        body += Array("--\(boundary)--\r\n".utf8)
        let request = HTTPRequest(method: "POST", url: endpoint.url("/upload/image"),
                                  headers: [HTTPHeader("Content-Type", "multipart/form-data; boundary=\(boundary)")],
                                  body: body, timeouts: timeouts)
        let response = try await perform(request)
        let json = try? JSONValue.parse(response.body)
        guard response.status == 200, let name = json?["name"]?.stringValue else {
            throw statusError(response.status, "/upload/image", json)
        }
        let subfolder = json?["subfolder"]?.stringValue ?? ""
        return subfolder.isEmpty ? name : subfolder + "/" + name
    }

    /// Starts fetching one output with `/view` (filename, subfolder and type sent verbatim,
    /// URL-encoded). The caller reads the body and must `cancel()` it when done.
    public func view(_ file: OutputFile, maxBytes: Int) async throws(ComfyError) -> HTTPStreamingResponse {
        let url = endpoint.url("/view", query: [("filename", file.filename), ("subfolder", file.subfolder), ("type", file.type)])
        let request = HTTPRequest(url: url, timeouts: HTTPTimeouts(connect: timeouts.connect, firstByte: 120, stall: 120),
                                  maxResponseBytes: maxBytes)
        do {
            return try await http.stream(request)
        } catch let error as HTTPError {
            throw map(error)
        } catch {
            throw ComfyError(.outputFailed, "fetching \(TextSanitizer.quoted(file.filename)) failed: \(error)", url: baseURL)
        }
    }

    /// Opens the `/ws?clientId=` socket. Throws `WebSocketError` (the caller then polls).
    public func openEvents(options: WebSocketConnection.Options = WebSocketConnection.Options()) async throws -> WebSocketConnection {
        try await WebSocketConnection.connect(endpoint.webSocketURL(clientID: clientID), options: options)
    }

    // MARK: Plumbing

    func requestJSON(_ method: String, _ path: String, body: JSONValue? = nil) async throws(ComfyError) -> (Int, JSONValue?) {
        var headers: [HTTPHeader] = []
        if body != nil { headers.append(HTTPHeader("Content-Type", "application/json")) }
        let request = HTTPRequest(method: method, url: endpoint.url(path), headers: headers, body: body?.encoded(), timeouts: timeouts)
        let response = try await perform(request)
        return (response.status, response.body.isEmpty ? nil : try? JSONValue.parse(response.body))
    }

    func perform(_ request: HTTPRequest) async throws(ComfyError) -> HTTPResponse {
        do {
            return try await http.send(request)
        } catch let error as HTTPError {
            throw map(error)
        } catch {
            throw ComfyError.unreachable(baseURL, reason: "\(error)")
        }
    }

    func map(_ error: HTTPError) -> ComfyError {
        switch error.kind {
        case .cancelled:
            return ComfyError(.cancelled, "cancelled", url: baseURL)
        case .tooLarge:
            return ComfyError(.outputFailed, "ComfyUI sent more than allowed: \(error.message)", url: baseURL)
        case .invalidURL:
            return ComfyError(.unreachable, "the ComfyUI URL \(baseURL) is not valid; set COMFYUI_URL or \"comfyui_url\" to e.g. http://127.0.0.1:8188",
                              url: baseURL)
        case .firstByteTimeout, .stalled:
            return ComfyError.unreachable(baseURL, reason: "it accepted the connection but did not answer in time")
        case .couldNotResolve, .connectionRefused, .connectTimeout, .transport:
            return ComfyError.unreachable(baseURL, reason: error.message)
        }
    }

    func statusError(_ status: Int, _ path: String, _ json: JSONValue?) -> ComfyError {
        if status == 403 {
            return ComfyError(.httpStatus, "ComfyUI at \(baseURL) answered 403 to \(path) (it refuses requests from a foreign Origin)",
                              url: baseURL, status: status)
        }
        let detail = json?["error"]?["message"]?.stringValue ?? json?["error"]?.stringValue
        let suffix = detail.map { ": " + TextSanitizer.oneLine($0, limit: 200) } ?? ""
        if status == 200 {
            return ComfyError(.malformed, "ComfyUI's answer to \(path) is not the expected JSON", url: baseURL, status: status)
        }
        return ComfyError(.httpStatus, "ComfyUI at \(baseURL) answered HTTP \(status) to \(path)\(suffix)", url: baseURL, status: status)
    }
}
