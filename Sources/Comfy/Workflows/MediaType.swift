/// What a workflow produces. Decides the file extensions expected from ComfyUI and how the
/// studio shows a result. A plain value.
public enum MediaType: String, Sendable, Hashable, Codable, CaseIterable {
    case image
    case video
    case audio
}
