/// The kinds of file Atelier saves from ComfyUI and the extension each gets: decided from
/// the response's `Content-Type` when it is on the list, else from the file's first bytes
/// (its magic number); never from the server's file name. A plain value.
public struct OutputFileType: Sendable, Hashable {
    /// The extension Atelier writes, without the dot.
    public var fileExtension: String
    /// The canonical content type.
    public var contentType: String
    public var mediaType: MediaType

    public init(fileExtension: String, contentType: String, mediaType: MediaType) {
        self.fileExtension = fileExtension
        self.contentType = contentType
        self.mediaType = mediaType
    }

    static let png = OutputFileType(fileExtension: "png", contentType: "image/png", mediaType: .image)
    static let jpeg = OutputFileType(fileExtension: "jpg", contentType: "image/jpeg", mediaType: .image)
    static let webp = OutputFileType(fileExtension: "webp", contentType: "image/webp", mediaType: .image)
    static let gif = OutputFileType(fileExtension: "gif", contentType: "image/gif", mediaType: .image)
    static let mp4 = OutputFileType(fileExtension: "mp4", contentType: "video/mp4", mediaType: .video)
    static let webm = OutputFileType(fileExtension: "webm", contentType: "video/webm", mediaType: .video)
    static let wav = OutputFileType(fileExtension: "wav", contentType: "audio/wav", mediaType: .audio)
    static let flac = OutputFileType(fileExtension: "flac", contentType: "audio/flac", mediaType: .audio)
    static let mp3 = OutputFileType(fileExtension: "mp3", contentType: "audio/mpeg", mediaType: .audio)
    static let ogg = OutputFileType(fileExtension: "ogg", contentType: "audio/ogg", mediaType: .audio)

    /// The accepted content types (lowercase, without parameters).
    static let byContentType: [String: OutputFileType] = [
        "image/png": png, "image/jpeg": jpeg, "image/jpg": jpeg, "image/webp": webp, "image/gif": gif,
        "video/mp4": mp4, "video/webm": webm,
        "audio/wav": wav, "audio/x-wav": wav, "audio/wave": wav, "audio/vnd.wave": wav,
        "audio/flac": flac, "audio/x-flac": flac, "audio/mpeg": mp3, "audio/mp3": mp3,
        "audio/ogg": ogg, "audio/opus": ogg,
    ]

    /// The type for a `Content-Type` header value, nil when it is not on the list.
    public static func from(contentType: String?) -> OutputFileType? {
        guard let contentType else { return nil }
        let bare = contentType.split(separator: ";").first.map { String($0).trimmed.lowercased() } ?? ""
        return byContentType[bare]
    }

    /// The type recognised from a file's first bytes (at least 12 of them), nil when unknown.
    public static func sniff(_ head: [UInt8]) -> OutputFileType? {
        func starts(_ magic: [UInt8], at offset: Int = 0) -> Bool {
            head.count >= offset + magic.count && Array(head[offset..<offset + magic.count]) == magic
        }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return png }
        if starts([0xFF, 0xD8, 0xFF]) { return jpeg }
        if starts(Array("RIFF".utf8)) && starts(Array("WEBP".utf8), at: 8) { return webp }
        if starts(Array("RIFF".utf8)) && starts(Array("WAVE".utf8), at: 8) { return wav }
        if starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8)) { return gif }
        if starts(Array("ftyp".utf8), at: 4) { return mp4 }
        if starts([0x1A, 0x45, 0xDF, 0xA3]) { return webm }
        if starts(Array("fLaC".utf8)) { return flac }
        if starts(Array("ID3".utf8)) || starts([0xFF, 0xFB]) || starts([0xFF, 0xF3]) { return mp3 }
        if starts(Array("OggS".utf8)) { return ogg }
        return nil
    }
}
