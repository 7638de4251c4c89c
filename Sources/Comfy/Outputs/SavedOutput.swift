/// One output file saved under the data directory: where (absolute and relative to the data
/// directory), the name Atelier chose, its size, type and SHA-256, and the server's entry it
/// came from. What an asset row records. A plain value.
public struct SavedOutput: Sendable, Hashable {
    /// The absolute path of the saved file.
    public var path: String
    /// `generations/<session>/<generation>/<name>`, relative to the data directory.
    public var relativePath: String
    /// The file name Atelier chose, e.g. `image-001.png`.
    public var name: String
    public var bytes: Int64
    public var mediaType: MediaType
    public var contentType: String
    /// Lowercase hex SHA-256 of the bytes written.
    public var sha256: String
    /// The server's report of the file.
    public var source: OutputFile

    public init(path: String, relativePath: String, name: String, bytes: Int64, mediaType: MediaType,
                contentType: String, sha256: String, source: OutputFile) {
        self.path = path
        self.relativePath = relativePath
        self.name = name
        self.bytes = bytes
        self.mediaType = mediaType
        self.contentType = contentType
        self.sha256 = sha256
        self.source = source
    }
}
