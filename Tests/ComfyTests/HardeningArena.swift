import Foundation

/// A temporary root for the hostile-ComfyUI suite, with sentinel files wherever a path
/// traversal could land (`.bashrc` at every level, `outside/passwd`,
/// `outside/image-001.png`, files named `b`); the saver's data folder is `root/data`.
/// `tree` snapshots everything under the root. Made and removed by one test.
struct HardeningArena {
    let root: String
    var data: String { root + "/data" }
    var outside: String { root + "/outside" }
    /// The generation folder the tests use: session `s`, generation `g`.
    static let generation = "data/generations/s/g"

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("comfy-hardening-\(UUID().uuidString)").path
        for folder in ["", "/data", "/data/generations", "/data/generations/s", "/outside", "/home"] {
            try FileManager.default.createDirectory(atPath: root + folder, withIntermediateDirectories: true)
        }
        for file in [".bashrc", "data/.bashrc", "data/generations/.bashrc", "data/generations/s/.bashrc",
                     "outside/passwd", "outside/image-001.png", "home/.bashrc", "b", "data/b"] {
            try Data("SENTINEL \(file)\n".utf8).write(to: URL(fileURLWithPath: root + "/" + file))
        }
    }

    func remove() { try? FileManager.default.removeItem(atPath: root) }

    var tree: HardeningTree { HardeningTree(root) }
}
