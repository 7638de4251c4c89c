internal import CCurl

/// Turns libcurl result codes, and the engine's own aborts, into `HTTPError`s with one clear
/// line each. The only place where a `CURLcode` becomes a Swift error. Stateless.
enum CurlErrors {
    /// The error for a transfer libcurl finished with `code`.
    static func error(code: CURLcode, transfer: Transfer) -> HTTPError {
        let url = transfer.job.request.url
        if let kind = transfer.abortKind,
           code == CURLE_WRITE_ERROR || code == CURLE_ABORTED_BY_CALLBACK {
            return error(kind, transfer: transfer)
        }
        var text = transfer.curlMessage
        if text.isEmpty { text = String(cString: curl_easy_strerror(code)) }
        let kind: HTTPError.Kind
        let summary: String
        switch code {
        case CURLE_URL_MALFORMAT:
            (kind, summary) = (.invalidURL, "invalid URL")
        case CURLE_UNSUPPORTED_PROTOCOL:
            // The scheme was checked before: here the server answered with something not HTTP.
            (kind, summary) = (.transport, "the server did not answer with HTTP")
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            (kind, summary) = (.couldNotResolve, "could not resolve \(host(of: url))")
        case CURLE_COULDNT_CONNECT:
            (kind, summary) = (.connectionRefused, "could not connect")
        case CURLE_OPERATION_TIMEDOUT where text.hasPrefix("Resolving timed out"):
            (kind, summary) = (.couldNotResolve, "resolving \(host(of: url)) timed out")
        case CURLE_OPERATION_TIMEDOUT:
            let seconds = seconds(transfer.job.request.timeouts.connect)
            (kind, summary) = (.connectTimeout, "could not connect within \(seconds)")
        case CURLE_PARTIAL_FILE:
            (kind, summary) = (.transport, "the response ended early")
        default:
            (kind, summary) = (.transport, "the request failed")
        }
        return HTTPError(kind: kind, url: url, message: "\(summary) (curl \(code.rawValue): \(text))")
    }

    /// The error for a transfer the engine or a callback stopped for `kind`.
    static func error(_ kind: HTTPError.Kind, transfer: Transfer) -> HTTPError {
        let request = transfer.job.request
        let message: String
        switch kind {
        case .firstByteTimeout:
            message = "no response within \(seconds(request.timeouts.firstByte)) (waiting for the first byte of the body)"
        case .stalled:
            message = "the response stalled: nothing for \(seconds(request.timeouts.stall)) "
                + "after \(transfer.bodyBytes) bytes"
        case .tooLarge:
            message = "the response is larger than the limit of \(request.maxResponseBytes) bytes"
        case .cancelled:
            message = "the request was cancelled"
        default:
            message = "the request failed"
        }
        return HTTPError(kind: kind, url: request.url, message: message)
    }

    /// The host of an http(s) URL, without user info or port ("?" when there is none).
    static func host(of url: String) -> String {
        guard let scheme = url.firstRange(of: "://") else { return "?" }
        var authority = url[scheme.upperBound...].prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        if authority.first == "[", let close = authority.firstIndex(of: "]") {
            return String(authority[...close])
        }
        let host = authority.prefix { $0 != ":" }
        return host.isEmpty ? "?" : String(host)
    }

    /// "5 s", "0.25 s".
    static func seconds(_ value: Double) -> String {
        let clamped = HTTPTimeouts.clamped(value)
        if clamped == clamped.rounded() { return "\(Int(clamped)) s" }
        return "\(clamped) s"
    }
}
