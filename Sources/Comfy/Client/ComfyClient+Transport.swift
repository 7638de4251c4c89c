import Net

extension ComfyClient {
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
