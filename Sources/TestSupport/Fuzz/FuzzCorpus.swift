import Foundation

/// Finds the saved fuzzing inputs of this checkout (`Tests/Fuzz/Corpus/<harness>` and
/// `Tests/Fuzz/Crashes/<harness>`) for the replay tests. Stateless; callable from any actor.
public enum FuzzCorpus {
    /// One saved input: where it came from (for messages) and its bytes.
    public struct Entry: Sendable {
        /// `Corpus/sse/seed-fixture` or `Crashes/sse/crash-…`.
        public var name: String
        public var bytes: [UInt8]
    }

    /// The `Tests/Fuzz` folder of this checkout.
    public static var fuzzDirectory: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()   // Fuzz
            .deletingLastPathComponent()   // TestSupport
            .deletingLastPathComponent()   // Sources
            .deletingLastPathComponent()   // package root
            .appendingPathComponent("Tests/Fuzz", isDirectory: true)
    }

    /// Every corpus and crash input saved for `harness`, sorted by name. Throws if the
    /// corpus folder is missing (a renamed harness must not silently replay nothing).
    public static func entries(for harness: String) throws -> [Entry] {
        let manager = FileManager.default
        var result: [Entry] = []
        for folder in ["Corpus", "Crashes"] {
            let directory = fuzzDirectory.appendingPathComponent(folder).appendingPathComponent(harness)
            guard let names = try? manager.contentsOfDirectory(atPath: directory.path) else {
                if folder == "Corpus" { throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: directory.path]) }
                continue
            }
            for name in names.sorted() where !name.hasPrefix(".") {
                let data = try Data(contentsOf: directory.appendingPathComponent(name))
                result.append(Entry(name: "\(folder)/\(harness)/\(name)", bytes: Array(data)))
            }
        }
        return result
    }
}
