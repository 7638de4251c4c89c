import Foundation

/// Reads HTTP/1.1 requests one after another from one connection (keep-alive), keeping any
/// bytes that arrive beyond the current request for the next one. Owned by one connection
/// thread; not shared.
struct HTTPRequestReader {
    /// What reading the next request produced.
    enum Outcome {
        case request(HTTPServerRequest, keepAlive: Bool)
        /// The client closed (or the server stopped) between requests.
        case closed
        /// The bytes were not HTTP; the connection should get a 400 and be closed.
        case malformed(String)
    }

    static let maxHeadBytes = 1 << 20
    static let maxBodyBytes = 256 << 20

    let fd: Int32
    private var buffer: [UInt8] = []

    init(fd: Int32) { self.fd = fd }

    mutating func next() -> Outcome {
        guard let headEnd = readUntilHeadEnd() else {
            return buffer.isEmpty ? .closed : .malformed("incomplete request head")
        }
        let headBytes = Array(buffer[0..<headEnd])
        buffer.removeFirst(headEnd + 4)
        let lines = String(decoding: headBytes, as: UTF8.self).components(separatedBy: "\r\n")
        let requestLine = lines[0].split(separator: " ", omittingEmptySubsequences: true)
        guard requestLine.count == 3, requestLine[2].hasPrefix("HTTP/") else {
            return .malformed("bad request line")
        }
        var headers: [(name: String, value: String)] = []
        for line in lines.dropFirst() where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else { return .malformed("bad header line") }
            let name = String(line[..<colon])
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            headers.append((name, value))
        }
        func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name }?.value
        }
        let version = String(requestLine[2])
        let connection = header("connection")?.lowercased() ?? ""
        let keepAlive = version == "HTTP/1.1" ? !connection.contains("close") : connection.contains("keep-alive")
        if header("expect")?.lowercased() == "100-continue" {
            guard SocketIO.sendAll(fd, Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)) else { return .closed }
        }
        let body: [UInt8]
        if header("transfer-encoding")?.lowercased().contains("chunked") == true {
            guard let decoded = readChunkedBody() else { return .malformed("bad chunked body") }
            body = decoded
        } else if let lengthText = header("content-length") {
            guard let length = Int(lengthText), length >= 0, length <= Self.maxBodyBytes else {
                return .malformed("bad Content-Length")
            }
            guard fill(to: length) else { return .malformed("body shorter than Content-Length") }
            body = Array(buffer[0..<length])
            buffer.removeFirst(length)
        } else {
            body = []
        }
        let request = HTTPServerRequest(
            method: String(requestLine[0]), target: String(requestLine[1]), headers: headers, body: body)
        return .request(request, keepAlive: keepAlive)
    }

    /// Reads until CRLFCRLF; returns the index of the terminator, nil at EOF or when too long.
    private mutating func readUntilHeadEnd() -> Int? {
        var searchFrom = 0
        while true {
            if let end = Self.find([13, 10, 13, 10], in: buffer, from: searchFrom) { return end }
            searchFrom = max(0, buffer.count - 3)
            guard buffer.count < Self.maxHeadBytes, receiveMore() else { return nil }
        }
    }

    /// Reads a chunked body up to and including the trailer section.
    private mutating func readChunkedBody() -> [UInt8]? {
        var body: [UInt8] = []
        while true {
            guard let lineEnd = readLine() else { return nil }
            let sizeText = String(decoding: buffer[0..<lineEnd], as: UTF8.self)
                .split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            buffer.removeFirst(lineEnd + 2)
            guard let size = Int(sizeText, radix: 16), size >= 0, body.count + size <= Self.maxBodyBytes else {
                return nil
            }
            if size == 0 {
                while let trailerEnd = readLine() {
                    buffer.removeFirst(trailerEnd + 2)
                    if trailerEnd == 0 { return body }
                }
                return nil
            }
            guard fill(to: size + 2) else { return nil }
            body.append(contentsOf: buffer[0..<size])
            buffer.removeFirst(size + 2)
        }
    }

    private mutating func readLine() -> Int? {
        while true {
            if let end = Self.find([13, 10], in: buffer, from: 0) { return end }
            guard buffer.count < Self.maxHeadBytes, receiveMore() else { return nil }
        }
    }

    private mutating func fill(to count: Int) -> Bool {
        while buffer.count < count {
            guard receiveMore() else { return false }
        }
        return true
    }

    private mutating func receiveMore() -> Bool {
        guard let bytes = SocketIO.receive(fd), !bytes.isEmpty else { return false }
        buffer.append(contentsOf: bytes)
        return true
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard haystack.count >= needle.count, start <= haystack.count - needle.count else { return nil }
        var index = start
        while index <= haystack.count - needle.count {
            if haystack[index] == needle[0] && Array(haystack[index..<index + needle.count]) == needle {
                return index
            }
            index += 1
        }
        return nil
    }
}
