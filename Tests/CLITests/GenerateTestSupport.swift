import Foundation
import TestSupport

/// Helpers for running the `generate`, `generations` and `workflows` verbs against the fake
/// ComfyUI: the environment that points the binary at it, and file checks.
enum GenerateSupport {
    /// The repository's `Workflows/` folder.
    static var workflowsDirectory: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Workflows").path
    }

    /// The shipped workflow ids, from the folder's sidecars.
    static var shippedIDs: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: workflowsDirectory)) ?? []
        return names.filter { $0.hasSuffix(".meta.json") }.map { String($0.dropLast(".meta.json".count)) }.sorted()
    }

    static func environment(_ fake: FakeComfyServer) -> [String: String] { ["COMFYUI_URL": fake.baseURL] }

    /// Every regular file under `root`, relative to it, sorted.
    static func files(under root: String) -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: root)
        var found: [String] = []
        while let next = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: root + "/" + next, isDirectory: &isDirectory), !isDirectory.boolValue {
                found.append(next)
            }
        }
        return found.sorted()
    }

    static func mode(_ path: String) -> Int {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        return (attributes?[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// Copies a shipped pair into `directory` under a new id, applying `edit` to the sidecar.
    static func copyWorkflow(_ id: String, as newID: String, into directory: String,
                             edit: (inout [String: Any]) -> Void = { _ in }) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let api = try Data(contentsOf: URL(fileURLWithPath: "\(workflowsDirectory)/\(id).api.json"))
        try api.write(to: URL(fileURLWithPath: "\(directory)/\(newID).api.json"))
        let sidecarData = try Data(contentsOf: URL(fileURLWithPath: "\(workflowsDirectory)/\(id).meta.json"))
        var sidecar = (try JSONSerialization.jsonObject(with: sidecarData) as? [String: Any]) ?? [:]
        sidecar["id"] = newID
        edit(&sidecar)
        let data = try JSONSerialization.data(withJSONObject: sidecar, options: [.prettyPrinted, .sortedKeys])
        try data.write(to: URL(fileURLWithPath: "\(directory)/\(newID).meta.json"))
    }
}
