import AtelierCLI
import Core
import Foundation
import Store
import TerminalIO
import UI

/// The whole studio in this process, on a `TimedTerminal`: the same `StudioApp` the `atelier`
/// binary runs (config, store, engine bridge, studio loop on its thread), with a private home
/// whose config points `bench:m1…mN` at a fake server child. Stateless.
enum StudioRig {
    /// A fresh home whose config names the fake server's models as `bench:<model>`, all of them
    /// allowed to stream at once; Ollama points at a closed port (its probe fails at once).
    static func home(_ context: BenchContext, server: FakeServerProcess, name: String) throws -> String {
        let home = try context.directory(name)
        let config: [String: Any] = [
            "default_model": "bench:\(server.spec.models.first ?? "m1")",
            "providers": ["ollama": ["base_url": "http://127.0.0.1:9"]],
            "endpoints": [
                "bench": ["base_url": server.baseURL, "models": server.spec.models, "max_concurrent": 16],
                "local": ["base_url": "http://127.0.0.1:9/v1"],
            ],
        ]
        let data = try JSONSerialization.data(withJSONObject: config, options: [.sortedKeys])
        try data.write(to: URL(fileURLWithPath: home + "/config.json"))
        return home
    }

    /// The environment the studio (in process or spawned) sees for `home`.
    static func environment(home: String) -> [String: String] {
        ["PATH": "/usr/bin:/bin", "HOME": home, "ATELIER_HOME": home, "LANG": "C.UTF-8", "TERM": "xterm-256color"]
    }

    /// Runs the studio on `terminal` until it quits; throws when it failed or the terminal's
    /// script timed out.
    static func run(home: String, terminal: TimedTerminal) async throws {
        let context = CLIContext(environment: environment(home: home), currentDirectory: home,
                                 streams: StandardStreams(stdoutIsTerminal: false, stderrIsTerminal: false))
        let code = await StudioApp.run(context: context) { _ in terminal }
        if let failure = terminal.failure { throw BenchError("the studio did not get there: \(failure)") }
        guard code == .success else { throw BenchError("the studio exited with \(code)") }
    }

    /// The assistant replies stored in `home`'s database, oldest first.
    static func storedReplies(home: String) async throws -> [StoredMessage] {
        let store = try Store(path: home + "/data/atelier.db")
        var replies: [StoredMessage] = []
        for session in try await store.sessions(limit: 50) {
            replies += try await store.messages(sessionID: session.id, limit: 100).filter { $0.role == .assistant }
        }
        try await store.close()
        return replies
    }

    /// The keys that type `text` and press Enter.
    static func command(_ text: String) -> [TerminalInput] {
        text.map { .key(.char($0)) } + [.key(KeyEvent(.enter))]
    }
}
