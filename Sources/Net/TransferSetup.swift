internal import CCurl

/// Builds a configured libcurl easy handle for one job: URL, method and body, headers, user
/// agent, connect timeout, decoding, callbacks and error buffer. Runs on the engine thread.
/// Failures (a bad URL, a header with a line break, libcurl refusing an option) come back as
/// `HTTPError`s and leave nothing allocated.
enum TransferSetup {
    static func make(_ job: TransferJob) -> Result<Transfer, HTTPError> {
        let request = job.request
        if let problem = validate(request) { return .failure(problem) }
        guard let easy = curl_easy_init() else {
            return .failure(HTTPError(kind: .transport, url: request.url, message: "libcurl could not create a handle"))
        }
        let transfer = Transfer(job: job, easy: easy)
        if let failure = configure(transfer) {
            transfer.release()
            return .failure(failure)
        }
        return .success(transfer)
    }

    /// Rejects what libcurl must never see: non-http(s) URLs, and header text that could
    /// inject lines. Messages name the header, never its value.
    static func validate(_ request: HTTPRequest) -> HTTPError? {
        let lower = request.url.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://"),
              !request.url.utf8.contains(where: { $0 <= 0x20 || $0 == 0x7f }) else {
            return HTTPError(kind: .invalidURL, url: request.url, message: "invalid URL: not an absolute http(s) URL")
        }
        let methodOK = !request.method.isEmpty && request.method.utf8.allSatisfy {
            ($0 >= 0x41 && $0 <= 0x5a) || ($0 >= 0x61 && $0 <= 0x7a) || $0 == 0x2d || $0 == 0x5f
        }
        guard methodOK else {
            return HTTPError(kind: .transport, url: request.url, message: "invalid HTTP method \"\(request.method)\"")
        }
        for header in request.headers {
            let badName = header.name.isEmpty || header.name.utf8.contains { $0 <= 0x20 || $0 == 0x3a || $0 == 0x7f }
            let badValue = header.value.utf8.contains { $0 == 0x0d || $0 == 0x0a || $0 == 0 }
            if badName || badValue {
                let what = badName ? "an invalid name" : "a line break or NUL in its value"
                return HTTPError(kind: .transport, url: request.url,
                                 message: "request header \"\(badName ? "?" : header.name)\" has \(what)")
            }
        }
        return nil
    }

    /// Sets every option; returns an error when libcurl refuses one.
    private static func configure(_ transfer: Transfer) -> HTTPError? {
        let request = transfer.job.request
        let easy = transfer.easy
        var failed: CURLoption?
        func check(_ option: CURLoption, _ code: CURLcode) {
            if code != CURLE_OK && failed == nil { failed = option }
        }
        let context = Unmanaged.passUnretained(transfer).toOpaque()
        check(CURLOPT_ERRORBUFFER, atelier_curl_setopt_ptr(easy, CURLOPT_ERRORBUFFER, transfer.errorBuffer))
        check(CURLOPT_URL, atelier_curl_setopt_str(easy, CURLOPT_URL, request.url))
        check(CURLOPT_PROTOCOLS_STR, atelier_curl_setopt_str(easy, CURLOPT_PROTOCOLS_STR, "http,https"))
        check(CURLOPT_NOSIGNAL, atelier_curl_setopt_long(easy, CURLOPT_NOSIGNAL, 1))
        check(CURLOPT_NOPROGRESS, atelier_curl_setopt_long(easy, CURLOPT_NOPROGRESS, 1))
        check(CURLOPT_SUPPRESS_CONNECT_HEADERS, atelier_curl_setopt_long(easy, CURLOPT_SUPPRESS_CONNECT_HEADERS, 1))
        check(CURLOPT_TCP_KEEPALIVE, atelier_curl_setopt_long(easy, CURLOPT_TCP_KEEPALIVE, 1))
        let connectMillis = Int(HTTPTimeouts.clamped(request.timeouts.connect) * 1000)
        check(CURLOPT_CONNECTTIMEOUT_MS, atelier_curl_setopt_long(easy, CURLOPT_CONNECTTIMEOUT_MS, max(1, connectMillis)))
        check(CURLOPT_ACCEPT_ENCODING, atelier_curl_setopt_str(easy, CURLOPT_ACCEPT_ENCODING, ""))
        check(CURLOPT_USERAGENT, atelier_curl_setopt_str(easy, CURLOPT_USERAGENT, transfer.job.userAgent))
        check(CURLOPT_WRITEDATA, atelier_curl_setopt_ptr(easy, CURLOPT_WRITEDATA, context))
        check(CURLOPT_WRITEFUNCTION, atelier_curl_setopt_datacb(easy, CURLOPT_WRITEFUNCTION) { data, size, count, context in
            guard let context else { return 0 }
            let transfer = Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue()
            let total = size * count
            let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(data)?.assumingMemoryBound(to: UInt8.self), count: total)
            return transfer.receiveBody(bytes) ? total : 0
        })
        check(CURLOPT_HEADERDATA, atelier_curl_setopt_ptr(easy, CURLOPT_HEADERDATA, context))
        check(CURLOPT_HEADERFUNCTION, atelier_curl_setopt_datacb(easy, CURLOPT_HEADERFUNCTION) { data, size, count, context in
            guard let context else { return 0 }
            let transfer = Unmanaged<Transfer>.fromOpaque(context).takeUnretainedValue()
            let total = size * count
            let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(data)?.assumingMemoryBound(to: UInt8.self), count: total)
            return transfer.receiveHeaderLine(bytes) ? total : 0
        })
        configureMethod(transfer, check: check)
        var list: UnsafeMutablePointer<curl_slist>?
        var lines = request.headers.map { $0.value.isEmpty ? "\($0.name);" : "\($0.name): \($0.value)" }
        if request.body != nil && request.headers.value(for: "expect") == nil {
            lines.append("Expect:")   // no 100-continue round trip
        }
        for line in lines {
            guard let appended = curl_slist_append(list, line) else {
                if let list { curl_slist_free_all(list) }
                return HTTPError(kind: .transport, url: request.url, message: "libcurl could not build the header list")
            }
            list = appended
        }
        transfer.headerList = list
        if let list { check(CURLOPT_HTTPHEADER, atelier_curl_setopt_slist(easy, CURLOPT_HTTPHEADER, list)) }
        guard let failed else { return nil }
        let kind: HTTPError.Kind = failed == CURLOPT_URL ? .invalidURL : .transport
        return HTTPError(kind: kind, url: request.url, message: "libcurl rejected option \(failed.rawValue)")
    }

    private static func configureMethod(_ transfer: Transfer, check: (CURLoption, CURLcode) -> Void) {
        let request = transfer.job.request
        let easy = transfer.easy
        let method = request.method.uppercased()
        if let body = request.body {
            check(CURLOPT_POSTFIELDSIZE_LARGE, atelier_curl_setopt_off(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count)))
            // COPYPOSTFIELDS copies POSTFIELDSIZE bytes, but reads one byte when that is 0.
            var bytes = body.isEmpty ? [0] : body
            let code = bytes.withUnsafeMutableBytes { raw in
                atelier_curl_setopt_ptr(easy, CURLOPT_COPYPOSTFIELDS, raw.baseAddress)
            }
            check(CURLOPT_COPYPOSTFIELDS, code)
            if method != "POST" {
                check(CURLOPT_CUSTOMREQUEST, atelier_curl_setopt_str(easy, CURLOPT_CUSTOMREQUEST, request.method))
            }
        } else if method == "GET" {
            check(CURLOPT_HTTPGET, atelier_curl_setopt_long(easy, CURLOPT_HTTPGET, 1))
        } else if method == "HEAD" {
            check(CURLOPT_NOBODY, atelier_curl_setopt_long(easy, CURLOPT_NOBODY, 1))
        } else {
            check(CURLOPT_CUSTOMREQUEST, atelier_curl_setopt_str(easy, CURLOPT_CUSTOMREQUEST, request.method))
        }
    }
}
