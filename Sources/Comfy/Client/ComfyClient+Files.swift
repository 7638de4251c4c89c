import Foundation
import Net

extension ComfyClient {
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
}
