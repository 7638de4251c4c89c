import Foundation

/// Small helpers the three fakes share: ids, timestamps, plain answers, failure headers and
/// the handling of queued behaviours on non-chat routes. Stateless; any thread.
enum FakeServerSupport {
    /// `prefix` + `length` random letters and digits (e.g. `chatcmpl-…`, `msg_…`, `req_…`).
    static func randomID(_ prefix: String, length: Int = 24) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        return prefix + String((0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count)] })
    }

    /// Seconds since 1970, as OpenAI's `created`.
    static func unixTime() -> Int { Int(Date().timeIntervalSince1970) }

    /// RFC 3339 UTC with fractional seconds, as Ollama's `created_at`.
    static func timestamp(_ date: Date = Date()) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }

    /// A whole response with `Content-Length`.
    static func respond(_ writer: HTTPServerResponseWriter, status: Int, contentType: String, body: String,
                        headers: [(String, String)] = []) {
        let bytes = Array(body.utf8)
        writer.writeHead(status: status, headers: [("Content-Type", contentType)] + headers,
                         mode: .contentLength(bytes.count))
        if !bytes.isEmpty { writer.write(bytes) }
        writer.finish()
    }

    /// The headers a failure adds: its `Retry-After` form, then its extra headers.
    static func failureHeaders(_ failure: FakeBehaviour.Failure) -> [(String, String)] {
        (failure.retryAfter.map { [$0.header()] } ?? []) + failure.headers
    }

    /// The plan for a failure: the provider's body (or the raw body) with its content type.
    static func failurePlan(_ failure: FakeBehaviour.Failure, contentType: String, headers: [(String, String)],
                            body: String) -> FakeStreamPlan {
        let bytes = Array((failure.rawBody ?? body).utf8)
        let type = failure.rawBody == nil ? contentType : failure.rawContentType
        return .body(status: failure.status, headers: [("Content-Type", type)] + headers + failureHeaders(failure)) { _ in
            bytes
        }
    }

    /// For a non-chat request: takes a queued behaviour for its path, if any. Runs its
    /// failure through `failurePlan` (true: answered) or waits its head delay (false: the
    /// caller answers normally).
    static func applyQueued(_ script: FakeScript, _ request: HTTPServerRequest, _ writer: HTTPServerResponseWriter,
                            failurePlan: (FakeBehaviour.Failure) -> FakeStreamPlan) -> Bool {
        guard let behaviour = script.take(path: request.path, isChat: false) else { return false }
        if let failure = behaviour.failure {
            FakeStreamRunner.run(failurePlan(failure), behaviour, on: writer)
            return true
        }
        if behaviour.headDelay > 0 { _ = writer.sleep(seconds: behaviour.headDelay) }
        return writer.clientDisconnected
    }

    /// Go's `encoding/json` message for a body that is not JSON (what Ollama returns with 400).
    static func goJSONError(_ body: [UInt8]) -> String {
        guard let first = body.first(where: { ![9, 10, 13, 32].contains($0) }) else { return "unexpected EOF" }
        if [UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: "\"")].contains(first) { return "unexpected EOF" }
        let character = first < 0x80 ? String(UnicodeScalar(first)) : "\\x\(String(first, radix: 16))"
        return "invalid character '\(character)' looking for beginning of value"
    }

    /// A status's reason phrase, lowercased (used for default messages).
    static func statusText(_ status: Int) -> String {
        switch status {
        case 400: return "bad request"
        case 401: return "unauthorized"
        case 402: return "payment required"
        case 403: return "forbidden"
        case 404: return "not found"
        case 408: return "request timeout"
        case 409: return "conflict"
        case 413: return "request entity too large"
        case 429: return "too many requests"
        case 500: return "internal server error"
        case 502: return "bad gateway"
        case 503: return "service unavailable"
        case 504: return "gateway timeout"
        case 529: return "overloaded"
        default: return "error \(status)"
        }
    }
}
