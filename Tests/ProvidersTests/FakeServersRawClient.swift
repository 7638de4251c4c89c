import Foundation
import Testing
import Glibc
import TestSupport

/// A minimal blocking HTTP/1.1 client on POSIX sockets, only for checking the fakes' bytes
/// (the project's HTTP client is not used here on purpose). Every read has a timeout, so a
/// broken fake fails a test instead of hanging it. One connection per value; not shared.
final class RawConnection {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private let fd: Int32
    /// Bytes received and not yet consumed by the parser.
    private(set) var buffer: [UInt8] = []
    private(set) var closedByPeer = false

    init(port: Int, timeout: Double = 10) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr = in_addr(s_addr: UInt32(0x7f00_0001).bigEndian)
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else {
            Glibc.close(fd)
            throw Failure(description: "connect failed: errno \(errno)")
        }
        var interval = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - Double(Int(timeout))) * 1e6))
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &interval, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { Glibc.close(fd) }

    /// Closes at once (the server sees the client leave).
    func shutdownBoth() { _ = Glibc.shutdown(fd, Int32(SHUT_RDWR)) }

    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { raw in
                Glibc.send(fd, raw.baseAddress.map { $0 + offset }, bytes.count - offset, Int32(MSG_NOSIGNAL))
            }
            guard sent > 0 else { throw Failure(description: "send failed") }
            offset += sent
        }
    }

    /// Sends a request; a JSON `body` gets `Content-Type: application/json` unless given.
    func sendRequest(_ method: String, _ target: String, headers: [(String, String)] = [], body: String? = nil,
                     keepAlive: Bool = false) throws {
        var lines = ["\(method) \(target) HTTP/1.1", "Host: 127.0.0.1"]
        lines += headers.map { "\($0.0): \($0.1)" }
        let bytes = Array((body ?? "").utf8)
        if body != nil {
            if !headers.contains(where: { $0.0.lowercased() == "content-type" }) {
                lines.append("Content-Type: application/json")
            }
            lines.append("Content-Length: \(bytes.count)")
        }
        if !keepAlive { lines.append("Connection: close") }
        try send(Array((lines.joined(separator: "\r\n") + "\r\n\r\n").utf8) + bytes)
    }

    /// Reads more bytes into `buffer`; false at EOF, on error or on timeout.
    @discardableResult
    func receiveMore() -> Bool {
        guard !closedByPeer else { return false }
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if count <= 0 {
            if count == 0 { closedByPeer = true }
            return false
        }
        buffer += chunk[0..<count]
        return true
    }

    /// Reads whatever has already arrived, without waiting.
    func receiveMoreIfReady() {
        while true {
            var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&entry, 1, 0) > 0, receiveMore() else { return }
        }
    }

    /// Removes and returns the first `count` buffered bytes.
    func consume(_ count: Int) -> [UInt8] {
        let bytes = Array(buffer.prefix(count))
        buffer.removeFirst(min(count, buffer.count))
        return bytes
    }

    /// Reads until `buffer` holds `needle`; returns the index or nil (EOF/timeout).
    func readUntil(_ needle: [UInt8]) -> Int? {
        while true {
            if let index = Self.find(needle, in: buffer) { return index }
            guard receiveMore() else { return nil }
        }
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int = 0) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, start <= haystack.count - needle.count else { return nil }
        for index in start...(haystack.count - needle.count) where haystack[index] == needle[0] {
            if haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
        }
        return nil
    }
}

/// One response as read by `RawConnection`: head, de-chunked body, the chunk sizes seen,
/// and whether the body ended properly.
struct RawResponse {
    var status = 0
    var headers: [(String, String)] = []
    var body: [UInt8] = []
    var chunkSizes: [Int] = []
    /// The last chunk arrived, or the announced length was reached, or a close-delimited body closed.
    var complete = false
    var chunked = false
    var contentLength: Int?

    func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    var text: String { String(decoding: body, as: UTF8.self) }
    var json: FakeJSON? { FakeJSON.parse(body) }

    /// Reads the head only.
    static func readHead(_ connection: RawConnection) throws -> RawResponse {
        guard let end = connection.readUntil([13, 10, 13, 10]) else {
            throw RawConnection.Failure(description: "no response head")
        }
        let head = String(decoding: connection.consume(end + 4), as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        var response = RawResponse()
        let statusLine = lines.removeFirst().split(separator: " ")
        response.status = statusLine.count > 1 ? Int(statusLine[1]) ?? 0 : 0
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            response.headers.append((String(line[..<colon]),
                                     line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        response.chunked = response.header("transfer-encoding")?.lowercased() == "chunked"
        response.contentLength = response.header("content-length").flatMap { Int($0) }
        return response
    }

    /// Reads a whole response (head and body) from the connection.
    static func read(_ connection: RawConnection, isHead: Bool = false) throws -> RawResponse {
        var response = try readHead(connection)
        if isHead {
            response.complete = true
            return response
        }
        response.readBody(connection)
        return response
    }

    /// Reads the body to its end (or until the connection closes or times out).
    mutating func readBody(_ connection: RawConnection) {
        if chunked {
            while let chunk = nextChunk(connection) {
                if chunk.isEmpty {
                    complete = true
                    return
                }
                chunkSizes.append(chunk.count)
                body += chunk
            }
            body += connection.consume(connection.buffer.count)   // a broken chunk's bytes
        } else if let length = contentLength {
            while connection.buffer.count < length, connection.receiveMore() {}
            body = connection.consume(min(length, connection.buffer.count))
            complete = body.count == length
        } else {
            while connection.receiveMore() {}
            body = connection.consume(connection.buffer.count)
            complete = connection.closedByPeer
        }
    }

    /// The next chunk's data ([] for the last chunk), nil when the stream broke.
    func nextChunk(_ connection: RawConnection) -> [UInt8]? {
        guard let lineEnd = connection.readUntil([13, 10]) else { return nil }
        let sizeText = String(decoding: connection.buffer[0..<lineEnd], as: UTF8.self)
        guard let size = Int(sizeText, radix: 16) else { return nil }
        while connection.buffer.count < lineEnd + 2 + size + 2 {
            guard connection.receiveMore() else { return nil }
        }
        _ = connection.consume(lineEnd + 2)
        let data = connection.consume(size)
        _ = connection.consume(2)
        return data
    }
}

/// One-call helpers over `RawConnection`.
enum RawHTTP {
    static func request(port: Int, _ method: String, _ target: String, headers: [(String, String)] = [],
                        body: String? = nil, timeout: Double = 10) throws -> RawResponse {
        let connection = try RawConnection(port: port, timeout: timeout)
        try connection.sendRequest(method, target, headers: headers, body: body)
        return try RawResponse.read(connection, isHead: method == "HEAD")
    }

    static func post(port: Int, _ target: String, json: String, headers: [(String, String)] = [],
                     timeout: Double = 10) throws -> RawResponse {
        try request(port: port, "POST", target, headers: headers, body: json, timeout: timeout)
    }

    /// Splits an SSE body into events (blank-line separated), accepting LF, CRLF and CR.
    static func sseEvents(_ body: [UInt8]) -> [[String]] {
        let text = String(decoding: body, as: UTF8.self)
            .replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        return text.components(separatedBy: "\n\n").map { $0.components(separatedBy: "\n").filter { !$0.isEmpty } }
            .filter { !$0.isEmpty }
    }

    /// The JSON of every `data:` line that is JSON, in order.
    static func sseData(_ body: [UInt8]) -> [FakeJSON] {
        sseEvents(body).flatMap { $0 }.filter { $0.hasPrefix("data: ") }.compactMap { FakeJSON.parse(String($0.dropFirst(6))) }
    }

    /// The NDJSON objects of a body, in order (blank lines skipped).
    static func ndjson(_ body: [UInt8]) -> [FakeJSON] {
        String(decoding: body, as: UTF8.self).split(separator: "\n").compactMap { FakeJSON.parse(String($0)) }
    }
}

/// The suites that check the fakes' bytes with the blocking raw client. They run one test
/// at a time: each blocked `recv` holds a thread of Swift's cooperative pool (two threads on
/// this 2-core machine), and two at once would starve every other test's timers.
@Suite(.serialized) enum FakeServersSerial {}
