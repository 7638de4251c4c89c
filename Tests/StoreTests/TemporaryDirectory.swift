import Foundation
@testable import Store

/// A fresh directory for one test, removed when the value goes away.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("atelier-store-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// A database path inside a not-yet-existing data directory.
    var databasePath: String { url.appendingPathComponent("home/atelier.db").path }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
}

/// Raw access to a database file, for tests that inspect or damage it behind the store.
func withRawConnection<T>(_ path: String, _ body: (Connection) throws -> T) throws -> T {
    let db = try Connection(path: path)
    defer { db.close() }
    try db.setBusyTimeout(milliseconds: 5000)
    return try body(db)
}

func userVersion(_ path: String) throws -> Int {
    try withRawConnection(path) { try Migrator.version(of: $0) }
}

/// Waits (polling, within `seconds`) until `condition` holds; returns whether it did.
func eventually(within seconds: Double = 5, _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return try await condition()
}
