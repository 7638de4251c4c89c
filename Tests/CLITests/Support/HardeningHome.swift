import Foundation
import TestSupport

/// An ATELIER_HOME for the hardening suites: a config.json whose default model is
/// `fake:m1` on a loopback OpenAI-compatible fake (or on any base URL, e.g. a closed port,
/// a `.invalid` host or a black hole), with optional global timeouts, an API key variable
/// and extra JSON keys; Ollama and `local` point at a closed port so nothing else is
/// reached. A plain value; made on the test's task.
struct HardeningHome {
    let path: String

    var databasePath: String { path + "/data/atelier.db" }
    var configPath: String { path + "/config.json" }

    /// - Parameters:
    ///   - baseURL: the `fake` endpoint's base URL (e.g. `server.baseURL`).
    ///   - models: the models the endpoint lists.
    ///   - timeouts: global `timeouts` (`connect`, `first_byte`, `stall`, `request`).
    ///   - apiKeyEnv: the endpoint's `api_key_env`, when it needs a key.
    ///   - extra: more top-level keys merged into the config.
    static func make(baseURL: String, models: [String] = ["m1"], timeouts: [String: Double]? = nil,
                     apiKeyEnv: String? = nil, extra: [String: Any] = [:]) throws -> HardeningHome {
        let home = try AtelierProcess.makeHome()
        let closed = "http://127.0.0.1:\(try FakeHome.closedPort())"
        var fake: [String: Any] = ["base_url": baseURL, "models": models]
        if let apiKeyEnv { fake["api_key_env"] = apiKeyEnv }
        var config: [String: Any] = [
            "default_model": "fake:\(models.first ?? "m1")",
            "providers": ["ollama": ["base_url": closed]],
            "endpoints": ["local": ["base_url": closed + "/v1"], "fake": fake],
        ]
        if let timeouts { config["timeouts"] = timeouts }
        for (key, value) in extra { config[key] = value }
        let data = try JSONSerialization.data(withJSONObject: config, options: [.prettyPrinted, .sortedKeys])
        try data.write(to: URL(fileURLWithPath: home + "/config.json"))
        return HardeningHome(path: home)
    }

    /// A home on a fake server.
    static func make(_ server: FakeOpenAIServer, timeouts: [String: Double]? = nil, apiKeyEnv: String? = nil,
                     extra: [String: Any] = [:]) throws -> HardeningHome {
        try make(baseURL: server.baseURL, models: server.models.isEmpty ? ["m1"] : [server.models[0]],
                 timeouts: timeouts, apiKeyEnv: apiKeyEnv, extra: extra)
    }

    /// Removes the home and everything in it.
    func remove() { try? FileManager.default.removeItem(atPath: path) }
}
