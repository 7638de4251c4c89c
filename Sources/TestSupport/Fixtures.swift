import Foundation

/// Finds the recorded real-server fixtures (`Tests/Fixtures/real`) from any test or the
/// benchmark. Stateless; callable from any actor.
public enum Fixtures {
    /// The `Tests/Fixtures/real` folder of this checkout.
    public static var realDirectory: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()   // TestSupport
            .deletingLastPathComponent()   // Sources
            .deletingLastPathComponent()   // package root
            .appendingPathComponent("Tests/Fixtures/real", isDirectory: true)
    }

    /// The bytes of one recorded fixture, e.g. `llamacpp-chat-stream.sse`.
    public static func data(_ name: String) throws -> Data {
        try Data(contentsOf: realDirectory.appendingPathComponent(name))
    }
}
