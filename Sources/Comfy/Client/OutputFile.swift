/// One file a node produced, exactly as ComfyUI reported it in history `outputs` or an
/// `executed` event: `{"filename", "subfolder", "type"}` under a key such as `images`,
/// `audio`, `gifs` or `video`. The strings are the server's, verbatim and untrusted: use
/// them only as `/view` query values (URL-encoded), never as local paths. A plain value.
public struct OutputFile: Sendable, Hashable {
    /// The node that produced it.
    public var node: String
    /// The key it was listed under (`images`, `audio`, `gifs`, ...).
    public var key: String
    public var filename: String
    public var subfolder: String
    /// `output`, `temp` or `input`.
    public var type: String
    /// True when the node marked its images as animated (videos, animated WebP).
    public var animated: Bool

    public init(node: String, key: String = "images", filename: String, subfolder: String = "", type: String = "output",
                animated: Bool = false) {
        self.node = node
        self.key = key
        self.filename = filename
        self.subfolder = subfolder
        self.type = type
        self.animated = animated
    }

    /// Every file entry in one node's UI output dict (`{"images": [...], "animated": [true]}`).
    /// Entries without a string `filename` are skipped.
    public static func parse(node: String, output: JSONValue?) -> [OutputFile] {
        guard let members = output?.objectValue else { return [] }
        let animated = members["animated"]?.arrayValue?.contains(.bool(true)) ?? false
        var files: [OutputFile] = []
        for key in members.keys.sorted() {
            guard let items = members[key]?.arrayValue else { continue }
            for item in items {
                guard let filename = item["filename"]?.stringValue else { continue }
                files.append(OutputFile(node: node, key: key, filename: filename,
                                        subfolder: item["subfolder"]?.stringValue ?? "",
                                        type: item["type"]?.stringValue ?? "output", animated: animated))
            }
        }
        return files
    }

    /// Every file in a history `outputs` object, by node id order.
    public static func parse(outputs: JSONValue?) -> [OutputFile] {
        guard let nodes = outputs?.objectValue else { return [] }
        return nodes.keys.sorted(by: NodeOrder.less).flatMap { parse(node: $0, output: nodes[$0]) }
    }
}
