import Foundation

extension FakeComfyCore {
    // MARK: Writing outputs

    /// Writes a save node's files (real PNG / WAV / MP4 bytes) and returns its UI dict, or
    /// the hostile names a test asked for (then nothing is written).
    func writeOutputs(job: FakeJob, node: String, classType: String, size: (Int, Int), order: [String],
                      hostile: [FakeComfyFaults.OutputName]?) -> FakeComfyJSON {
        let kind: String
        let type: String
        let fileExtension: String
        switch classType {
        case "SaveAudio": (kind, type, fileExtension) = ("audio", "output", "wav")
        case "SaveVideo": (kind, type, fileExtension) = ("images", "output", "mp4")
        case "PreviewImage": (kind, type, fileExtension) = ("images", "temp", "png")
        default: (kind, type, fileExtension) = ("images", "output", "png")
        }
        var members: [(String, FakeComfyJSON)] = []
        if let hostile {
            members.append((kind, .array(hostile.map { name in
                .object([("filename", .string(name.filename)), ("subfolder", .string(name.subfolder)), ("type", .string(type))])
            })))
            if classType == "SaveVideo" { members.append(("animated", [true])) }
            return .object(members)
        }
        let inputs = job.graph[node]?["inputs"]
        var prefix = inputs?["filename_prefix"]?.string ?? (classType == "PreviewImage" ? "ComfyUI_temp_fake" : "ComfyUI")
        if prefix.contains("..") { prefix = "ComfyUI" }
        var subfolder = ""
        if let slash = prefix.lastIndex(of: "/") {
            subfolder = String(prefix[..<slash])
            prefix = String(prefix[prefix.index(after: slash)...])
        }
        let counter = state.withLock { state -> Int in
            let key = type + "/" + subfolder + "/" + prefix
            state.counters[key, default: 0] += 1
            return state.counters[key] ?? 1
        }
        let digits = String(counter)
        let filename = prefix + "_" + String(repeating: "0", count: max(0, 5 - digits.count)) + digits + "_." + fileExtension
        let bytes: [UInt8]
        switch fileExtension {
        case "wav":
            let seconds = order.compactMap { job.graph[$0]?["inputs"]?["seconds"]?.number }.first ?? 1
            bytes = WAVEncoder.tone(seconds: min(seconds, 0.25))
        case "mp4":
            bytes = MP4Encoder.empty(durationMilliseconds: 1000)
        default:
            bytes = png(job: job, order: order, size: size)
        }
        let directory = outputDirectory + "/" + type + (subfolder.isEmpty ? "" : "/" + subfolder)
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: directory + "/" + filename, contents: Data(bytes))
        members.append((kind, [.object([("filename", .string(filename)), ("subfolder", .string(subfolder)), ("type", .string(type))])]))
        if classType == "SaveVideo" { members.append(("animated", [true])) }
        return .object(members)
    }

    /// A small PNG of the asked size (each side at most 256), its colour from `EmptyImage`
    /// (inverted when the graph inverts it) or from the seed, with ComfyUI's tEXt chunks.
    private func png(job: FakeJob, order: [String], size: (Int, Int)) -> [UInt8] {
        var color = 0x808080
        var inverted = false
        for node in order {
            let inputs = job.graph[node]?["inputs"]
            switch job.graph[node]?["class_type"]?.string {
            case "EmptyImage": color = Int(inputs?["color"]?.integer ?? 0) & 0xFFFFFF
            case "ImageInvert": inverted = true
            case "KSampler", "SamplerCustom":
                let seed = inputs?["seed"]?.integer ?? inputs?["noise_seed"]?.integer ?? 0
                color = Int(truncatingIfNeeded: seed &* 2_654_435_761) & 0xFFFFFF
            default: break
            }
        }
        if inverted { color = 0xFFFFFF - color }
        var text: [(String, String)] = [("prompt", job.graph.text)]
        for (key, value) in job.extraData["extra_pnginfo"]?.members ?? [] { text.append((key, value.text)) }
        return PNGEncoder.solid(width: max(1, min(size.0, 256)), height: max(1, min(size.1, 256)), color: color, text: text)
    }

    // MARK: /view

    func view(_ request: HTTPServerRequest, _ writer: HTTPServerResponseWriter) {
        guard var filename = request.query["filename"] else {
            writer.respond(status: 404, contentType: "text/plain; charset=utf-8", body: Array("404: Not Found".utf8))
            return
        }
        var type = request.query["type"] ?? "output"
        for suffix in ["output", "input", "temp"] where filename.hasSuffix(" [\(suffix)]") {
            filename = String(filename.dropLast(suffix.count + 3))
            type = suffix
        }
        if filename.hasPrefix("/") || filename.contains("..") || !["output", "input", "temp"].contains(type) {
            writer.respond(status: 400, contentType: "text/plain; charset=utf-8", body: [])
            return
        }
        let base = URL(fileURLWithPath: outputDirectory + "/" + type).standardizedFileURL.path
        let subfolder = request.query["subfolder"] ?? ""
        let folder = URL(fileURLWithPath: base + "/" + subfolder).standardizedFileURL.path
        guard folder == base || folder.hasPrefix(base + "/") else {
            writer.respond(status: 403, contentType: "text/plain; charset=utf-8", body: [])
            return
        }
        let name = filename.split(separator: "/").last.map(String.init) ?? filename
        let path = folder + "/" + name
        if let body = state.withLock({ $0.faults.viewBody }) {
            serveOverride(body, writer)
            return
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
              let data = FileManager.default.contents(atPath: path) else {
            writer.respond(status: 404, contentType: "text/plain; charset=utf-8", body: Array("404: Not Found".utf8))
            return
        }
        let contentType: String
        switch (name as NSString).pathExtension.lowercased() {
        case "png": contentType = "image/png"
        case "wav": contentType = "audio/wav"
        case "flac": contentType = "audio/flac"
        case "mp4": contentType = "video/mp4"
        case "webp": contentType = "image/webp"
        default: contentType = "application/octet-stream"
        }
        writer.writeHead(status: 200, headers: [("Content-Disposition", "filename=\"\(name)\""), ("Content-Type", contentType)],
                         mode: .contentLength(data.count))
        writer.write(Array(data))
        writer.finish()
    }

    private func serveOverride(_ body: FakeComfyFaults.ViewBody, _ writer: HTTPServerResponseWriter) {
        let chunk = PNGEncoder.signature + [UInt8](repeating: 0, count: 65_528)
        switch body {
        case .declaredLength(let length):
            writer.writeHead(status: 200, headers: [("Content-Type", "image/png")], mode: .contentLength(length))
            var sent = 0
            while sent < length {
                let count = min(chunk.count, length - sent)
                guard writer.write(Array(chunk[0..<count])) else { return }
                sent += count
            }
            writer.finish()
        case .endless:
            writer.writeHead(status: 200, headers: [("Content-Type", "image/png")], mode: .chunked)
            for _ in 0..<16_384 {
                guard writer.write(chunk) else { return }
            }
            writer.finish()
        }
    }
}
