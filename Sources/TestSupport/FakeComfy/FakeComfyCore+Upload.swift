import Foundation

extension FakeComfyCore {
    // MARK: /upload/image

    func uploadImage(_ request: HTTPServerRequest, _ writer: HTTPServerResponseWriter) {
        guard let contentType = request.header("Content-Type"), let range = contentType.range(of: "boundary=") else {
            writer.respond(status: 400, contentType: "text/plain", body: [])
            return
        }
        let boundary = Array(("--" + contentType[range.upperBound...].trimmingCharacters(in: CharacterSet(charactersIn: "\" "))).utf8)
        var fields: [String: (filename: String?, body: [UInt8])] = [:]
        for part in Self.split(request.body, by: boundary) {
            guard let headEnd = Self.find([13, 10, 13, 10], in: part) else { continue }
            let head = String(decoding: part[0..<headEnd], as: UTF8.self)
            var body = Array(part[(headEnd + 4)...])
            if body.suffix(2) == [13, 10] { body.removeLast(2) }
            guard let name = Self.attribute("name", in: head) else { continue }
            fields[name] = (Self.attribute("filename", in: head), body)
        }
        guard let image = fields["image"], let original = image.filename, !original.isEmpty,
              !original.contains("/"), original != "..", original != "." else {
            writer.respond(status: 400, contentType: "text/plain", body: [])
            return
        }
        let directory = outputDirectory + "/input"
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var name = original
        var counter = 1
        while FileManager.default.fileExists(atPath: directory + "/" + name) {
            let stem = (original as NSString).deletingPathExtension
            let ext = (original as NSString).pathExtension
            name = "\(stem) (\(counter))" + (ext.isEmpty ? "" : "." + ext)
            counter += 1
        }
        _ = FileManager.default.createFile(atPath: directory + "/" + name, contents: Data(image.body))
        state.withLock { $0.inputFiles.append(name) }
        json(writer, .object([("name", .string(name)), ("subfolder", ""), ("type", "input")]))
    }

    private static func attribute(_ key: String, in head: String) -> String? {
        guard let range = head.range(of: key + "=\"") else { return nil }
        let rest = head[range.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<end])
    }

    private static func split(_ body: [UInt8], by boundary: [UInt8]) -> [[UInt8]] {
        var parts: [[UInt8]] = []
        var start: Int?
        var index = 0
        while let found = find(boundary, in: body, from: index) {
            if let start { parts.append(Array(body[start..<found])) }
            start = found + boundary.count
            if body.count >= found + boundary.count + 2, body[found + boundary.count] == 13 { start = found + boundary.count + 2 }
            index = found + boundary.count
        }
        return parts
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int = 0) -> Int? {
        guard needle.count <= haystack.count, start <= haystack.count - needle.count else { return nil }
        var index = start
        while index <= haystack.count - needle.count {
            if haystack[index] == needle[0], Array(haystack[index..<index + needle.count]) == needle { return index }
            index += 1
        }
        return nil
    }
}
