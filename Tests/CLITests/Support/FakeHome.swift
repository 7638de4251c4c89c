import Foundation
import TestSupport

/// An ATELIER_HOME whose config points every provider at loopback fakes (or at a closed
/// port), so the real binary talks only to this test's servers.
struct FakeHome {
    let path: String
    let openAI: FakeOpenAIServer?

    /// A home whose default model is `fake:m1` on `openAI`; Ollama and `local` point at a
    /// closed port unless given.
    static func make(openAI: FakeOpenAIServer?, ollamaURL: String? = nil, localURL: String? = nil) throws -> FakeHome {
        let home = try AtelierProcess.makeHome()
        let closed = "http://127.0.0.1:\(try closedPort())"
        var endpoints: [String: Any] = ["local": ["base_url": (localURL ?? closed) + "/v1"]]
        if let openAI { endpoints["fake"] = ["base_url": openAI.baseURL, "models": ["m1"]] }
        let config: [String: Any] = [
            "default_model": openAI == nil ? "local:gemma-3-270m" : "fake:m1",
            "providers": ["ollama": ["base_url": ollamaURL ?? closed]],
            "endpoints": endpoints,
        ]
        let data = try JSONSerialization.data(withJSONObject: config, options: [.prettyPrinted, .sortedKeys])
        try data.write(to: URL(fileURLWithPath: home + "/config.json"))
        return FakeHome(path: home, openAI: openAI)
    }

    /// A home with `config` (a JSON object) as its config.json: for tests that need several
    /// endpoints, roles, prices or keys. `closedURL` gives a server address that refuses.
    static func make(config: [String: Any]) throws -> FakeHome {
        let home = try AtelierProcess.makeHome()
        let data = try JSONSerialization.data(withJSONObject: config, options: [.prettyPrinted, .sortedKeys])
        try data.write(to: URL(fileURLWithPath: home + "/config.json"))
        return FakeHome(path: home, openAI: nil)
    }

    /// `http://127.0.0.1:PORT` where nothing listens.
    static func closedURL() throws -> String {
        "http://127.0.0.1:\(try closedPort())"
    }

    /// A loopback port that was bound and released: connecting to it is refused.
    static func closedPort() throws -> Int {
        let server = try LoopbackHTTPServer { _, writer in writer.respond(status: 200, contentType: "text/plain", body: []) }
        let port = server.port
        server.stop()
        return port
    }

    var databasePath: String { path + "/data/atelier.db" }
}
