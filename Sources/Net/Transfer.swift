internal import CCurl

/// One transfer in flight: its libcurl easy handle, header list and error buffer, plus the
/// state the callbacks build up (status, headers, byte counts, times). Owned and touched only
/// by the engine thread; libcurl calls back into it from `curl_multi_perform` on that thread.
/// Invariants: the head continuation is resumed exactly once and the body continuation
/// finished exactly once (`deliverHead`, `finish`); the C resources live until `release()`,
/// which the engine calls after removing the handle from the multi handle.
final class Transfer {
    let job: TransferJob
    let easy: UnsafeMutableRawPointer
    let errorBuffer: UnsafeMutablePointer<CChar>
    var headerList: UnsafeMutablePointer<curl_slist>?
    let startedAt: ContinuousClock.Instant
    private let firstByteLimit: Duration
    private let stallLimit: Duration

    private var pendingHead: CheckedContinuation<HTTPResponseHead, Error>?
    private var status: Int?
    private var headers: [HTTPHeader] = []
    private var finished = false
    /// Body bytes received during the current `curl_multi_perform` pass, not yet handed to
    /// the body stream (see `flushBody`); handed on early once `bodyChunkBytes` wait.
    private var pendingBody: [UInt8] = []
    private(set) var bodyBytes = 0
    private(set) var lastBodyByteAt: ContinuousClock.Instant?
    /// Why a callback aborted the transfer (it then returns 0 and libcurl fails with
    /// CURLE_WRITE_ERROR); decides the error kind.
    private(set) var abortKind: HTTPError.Kind?

    init(job: TransferJob, easy: UnsafeMutableRawPointer) {
        self.job = job
        self.easy = easy
        self.errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        self.errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        self.startedAt = .now
        self.pendingHead = job.head
        self.firstByteLimit = .seconds(HTTPTimeouts.clamped(job.request.timeouts.firstByte))
        self.stallLimit = .seconds(HTTPTimeouts.clamped(job.request.timeouts.stall))
    }

    /// Frees the easy handle, header list and error buffer. Call once, after removal from the multi handle.
    func release() {
        curl_easy_cleanup(easy)
        if let headerList { curl_slist_free_all(headerList) }
        headerList = nil
        errorBuffer.deallocate()
    }

    // MARK: Deadlines

    /// When this transfer times out if nothing more arrives, and the kind it would fail with.
    var deadline: (at: ContinuousClock.Instant, kind: HTTPError.Kind) {
        if let lastBodyByteAt { return (lastBodyByteAt + stallLimit, .stalled) }
        return (startedAt + firstByteLimit, .firstByteTimeout)
    }

    // MARK: Callbacks (engine thread, inside curl_multi_perform)

    /// One header line, CRLF included. Returns false to abort the transfer.
    func receiveHeaderLine(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if job.control.isCancelled { return abort(.cancelled) }
        guard pendingHead != nil else { return true }   // trailers, or a head already delivered
        var line = String(decoding: bytes, as: UTF8.self)
        while line.last?.isNewline == true { line.removeLast() }
        if line.isEmpty {
            guard let code = status else { return true }
            if (100..<200).contains(code) {   // interim response: the real head follows
                status = nil
                headers = []
                return true
            }
            if job.request.method != "HEAD", let declared = headers.value(for: "content-length"),
               let length = Int(declared.trimmed), length > job.request.maxResponseBytes {
                return abort(.tooLarge)
            }
            deliverHead(status: code)
            return true
        }
        if line.hasPrefix("HTTP/") {
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            status = parts.count > 1 ? Int(parts[1]) : nil
            headers = []
        } else if line.first == " " || line.first == "\t", let last = headers.popLast() {
            headers.append(HTTPHeader(last.name, last.value + " " + line.trimmed))
        } else if let colon = line.firstIndex(of: ":") {
            headers.append(HTTPHeader(String(line[..<colon]).trimmed, String(line[line.index(after: colon)...]).trimmed))
        }
        return true
    }

    /// Body bytes (already decoded). Returns false to abort the transfer. The bytes are
    /// kept until `flushBody`, which the engine calls once per `curl_multi_perform` pass:
    /// libcurl calls this once per HTTP chunk, and a server writing one chunk per event
    /// would otherwise cost the reader one stream element (and one task wake-up) per event.
    func receiveBody(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if job.control.isCancelled { return abort(.cancelled) }
        if pendingHead != nil { deliverHead(status: status ?? responseCode()) }
        guard !bytes.isEmpty else { return true }
        bodyBytes += bytes.count
        if bodyBytes > job.request.maxResponseBytes { return abort(.tooLarge) }
        pendingBody.append(contentsOf: bytes)
        // One pass may read up to 100 socket buffers: hand them on in bounded chunks, so a
        // fast server never makes one array of megabytes (nor the copies of growing it).
        if pendingBody.count >= Self.bodyChunkBytes, !flushBody() { return abort(.cancelled) }
        return true
    }

    /// The largest body chunk collected before it is handed on within a pass (64 KiB).
    static let bodyChunkBytes = 64 << 10

    /// Whether body bytes wait for `flushBody`.
    var hasPendingBody: Bool { !pendingBody.isEmpty }

    /// Hands the bytes received since the last flush to the body stream as one chunk.
    /// Returns false when the reader has gone (the stream was terminated).
    /// The clock is read here, once per chunk, not once per HTTP chunk in `receiveBody`.
    func flushBody() -> Bool {
        guard !pendingBody.isEmpty else { return true }
        lastBodyByteAt = .now
        let chunk = pendingBody
        pendingBody = []
        if case .terminated = job.body.yield(chunk) { return false }
        return true
    }

    private func abort(_ kind: HTTPError.Kind) -> Bool {
        if abortKind == nil { abortKind = kind }
        return false
    }

    // MARK: Completion (engine thread)

    /// libcurl reported the transfer done with `code`.
    func complete(_ code: CURLcode) {
        if code == CURLE_OK {
            if pendingHead != nil { deliverHead(status: status ?? responseCode()) }
            finish(nil)
        } else {
            finish(CurlErrors.error(code: code, transfer: self))
        }
    }

    /// Ends the transfer: the head continuation (if still waiting) throws or the body ends.
    func finish(_ error: HTTPError?) {
        guard !finished else { return }
        finished = true
        _ = flushBody()   // what arrived before the end (or the failure) is still delivered
        if let error {
            pendingHead?.resume(throwing: error)
            pendingHead = nil
            job.body.finish(throwing: error)
        } else {
            job.body.finish()
        }
    }

    private func deliverHead(status: Int) {
        pendingHead?.resume(returning: HTTPResponseHead(status: status, headers: headers))
        pendingHead = nil
    }

    private func responseCode() -> Int {
        var code = 0
        _ = atelier_curl_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &code)
        return code
    }

    /// The error buffer's text, empty when libcurl wrote none.
    var curlMessage: String { String(cString: errorBuffer) }
}

extension String {
    /// Without leading and trailing spaces and tabs.
    var trimmed: String {
        var text = Substring(self)
        while text.first == " " || text.first == "\t" { text = text.dropFirst() }
        while text.last == " " || text.last == "\t" { text = text.dropLast() }
        return String(text)
    }
}
