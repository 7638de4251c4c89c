import Core
import Net

/// Saves ComfyUI outputs safely under `<dataDirectory>/generations/<session>/<generation>/`
/// with names Atelier chooses (`image-001.png`, `video-001.mp4`, `audio-001.wav`; the
/// extension from the file's magic bytes or a listed `Content-Type`, never from the server).
/// Server names are checked first (`OutputNameCheck`) and a bad one fetches nothing.
/// Folders are created 0700 without following symlinks; the file is written 0600 to a
/// temporary name in the same folder, fsync'd and linked to its final name without ever
/// replacing an existing file (the next free number is used). Downloads are capped
/// (`maxBytes`, default 512 MiB): a larger `Content-Length` is refused, a longer body is
/// stopped, and nothing is left behind. Returns the path, size, type and SHA-256.
/// A plain value; `save` may run from any task (each call uses its own descriptors).
public struct OutputSaver: Sendable {
    public var dataDirectory: String
    public var maxBytes: Int

    public init(dataDirectory: String, maxBytes: Int = 512 << 20) {
        self.dataDirectory = dataDirectory
        self.maxBytes = maxBytes
    }

    /// The generation's folder, created when missing. Throws when a component is a symlink,
    /// not a folder, or not a plain name.
    @discardableResult
    public func generationDirectory(session: String, generation: String) throws(ComfyError) -> String {
        try PrivateDirectory.open(root: dataDirectory, components: ["generations", session, generation]).path
    }

    /// Checks the server's names, fetches the file with `/view` and saves it. `index` is the
    /// first number tried for the name.
    public func save(_ file: OutputFile, session: String, generation: String, index: Int = 1,
                     client: ComfyClient) async throws(ComfyError) -> SavedOutput {
        try OutputNameCheck.check(file)
        let directory = try PrivateDirectory.open(root: dataDirectory, components: ["generations", session, generation])
        let response = try await client.view(file, maxBytes: maxBytes)
        defer { response.cancel() }
        guard response.head.status == 200 else {
            throw ComfyError(.outputFailed, "ComfyUI answered HTTP \(response.head.status) for the output \(TextSanitizer.quoted(file.filename)) (node \(file.node))",
                             url: client.baseURL, status: response.head.status)
        }
        let declared = try Self.declaredLength(response.head.headers.value(for: "Content-Length"), file: file,
                                               maxBytes: maxBytes)
        let contentType = response.head.headers.value(for: "Content-Type")
        return try await write(body: response.body, declaredLength: declared, contentType: contentType, source: file,
                               directory: directory, session: session, generation: generation, index: index)
    }

    /// The body length a `Content-Length` value announces: nil when there is none; a list of
    /// equal values counts once (RFC 9110); a value that is not a number (or is too large
    /// to be one) refuses the download, so a lying length can never turn into "unknown".
    static func declaredLength(_ value: String?, file: OutputFile, maxBytes: Int) throws(ComfyError) -> Int? {
        guard let value else { return nil }
        let parts = value.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmed }
        let shownName = TextSanitizer.quoted(file.filename)
        guard let first = parts.first, !first.isEmpty, parts.allSatisfy({ $0 == first }),
              first.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            throw ComfyError(.outputFailed, "the output \(shownName) came with an unreadable Content-Length "
                                 + "\(TextSanitizer.quoted(value)); not saved")
        }
        guard let length = Int(first) else {
            throw ComfyError(.outputFailed, "the output \(shownName) is \(TextSanitizer.oneLine(first, limit: 40)) bytes, more than the \(maxBytes) allowed; not saved")
        }
        return length
    }

    /// Saves bytes from any chunk stream (what `save(_:…client:)` does after fetching).
    public func save(body: AsyncThrowingStream<[UInt8], Error>, declaredLength: Int?, contentType: String?, source: OutputFile,
                     session: String, generation: String, index: Int = 1) async throws(ComfyError) -> SavedOutput {
        try OutputNameCheck.check(source)
        let directory = try PrivateDirectory.open(root: dataDirectory, components: ["generations", session, generation])
        return try await write(body: body, declaredLength: declaredLength, contentType: contentType, source: source,
                               directory: directory, session: session, generation: generation, index: index)
    }

    private func write(body: AsyncThrowingStream<[UInt8], Error>, declaredLength: Int?, contentType: String?, source: OutputFile,
                       directory: PrivateDirectory, session: String, generation: String, index: Int) async throws(ComfyError) -> SavedOutput {
        let shownName = TextSanitizer.quoted(source.filename)
        if let declaredLength, declaredLength > maxBytes {
            throw ComfyError(.outputFailed, "the output \(shownName) is \(declaredLength) bytes, more than the \(maxBytes) allowed; not saved")
        }
        let file = try TemporaryOutputFile(in: directory)
        var hasher = SHA256Hasher()
        var total = 0
        var head: [UInt8] = []
        do {
            for try await chunk in body {
                total += chunk.count
                guard total <= maxBytes else {
                    throw ComfyError(.outputFailed, "the output \(shownName) is larger than the \(maxBytes) bytes allowed; not saved")
                }
                if head.count < 16 { head += chunk.prefix(16 - head.count) }
                hasher.update(chunk)
                try file.write(chunk)
            }
        } catch let error as ComfyError {
            file.discard()
            throw error
        } catch let error as HTTPError {
            file.discard()
            if error.kind == .tooLarge {
                throw ComfyError(.outputFailed, "the output \(shownName) is larger than the \(maxBytes) bytes allowed; not saved")
            }
            if error.kind == .cancelled { throw ComfyError(.cancelled, "saving \(shownName) was cancelled") }
            throw ComfyError(.outputFailed, "fetching the output \(shownName) failed: \(error.message)")
        } catch {
            file.discard()
            throw ComfyError(.outputFailed, "fetching the output \(shownName) failed: \(error)")
        }
        if let declaredLength, declaredLength != total {
            file.discard()
            throw ComfyError(.outputFailed, "the output \(shownName) was cut short (\(total) of \(declaredLength) bytes); not saved")
        }
        guard let type = OutputFileType.sniff(head) ?? OutputFileType.from(contentType: contentType) else {
            file.discard()
            let shownType = TextSanitizer.oneLine(contentType ?? "none", limit: 60)
            throw ComfyError(.outputFailed, "the output \(shownName) is not an image, video or audio file Atelier saves (Content-Type \(shownType)); not saved")
        }
        let mediaType: MediaType = source.animated && type.mediaType == .image && type != .png ? .video : type.mediaType
        let name = try file.publish(first: max(1, index)) { number in
            let digits = String(number)
            return "\(mediaType.rawValue)-\(String(repeating: "0", count: max(0, 3 - digits.count)))\(digits).\(type.fileExtension)"
        }
        let relative = "generations/\(session)/\(generation)/\(name)"
        return SavedOutput(path: directory.path + "/" + name, relativePath: relative, name: name, bytes: Int64(total),
                           mediaType: mediaType, contentType: type.contentType, sha256: hasher.finalizeHex(), source: source)
    }
}
