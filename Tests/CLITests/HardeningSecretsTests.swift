import Foundation
import TestSupport
import Testing

/// Suite 5: a canary key in the environment and another in a 0600 key file, through every
/// verb of the binary, success and failure (servers that echo the key in error bodies and
/// stream errors included). The canaries must appear nowhere in standard output or error
/// (pipes and a pseudo-terminal), in any file under the home (database, -wal, -shm), in
/// exports, or in the process's command line sampled while it runs. A key file readable
/// by others is refused with the `chmod 600` fix. Core dumps are off for the process.
@Suite struct HardeningSecretsTests {
    static let envCanary = "sk-canary-ENV-7f3a9c1e5b2d4f6a8c0e1f2a3b4c5d6e"
    static let fileCanary = "sk-canary-FILE-0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a"

    /// Two fakes requiring the canaries, a home whose `fake` endpoint reads its key from
    /// FAKE_API_KEY and `filed` from the file named by FILED_API_KEY_FILE, and the
    /// environment that holds both (plus the built-in providers' variables).
    struct World {
        let envServer: FakeOpenAIServer
        let fileServer: FakeOpenAIServer
        let home: HardeningHome
        let keyFile: String
        let environment: [String: String]

        init() throws {
            envServer = try FakeOpenAIServer(flavour: .openAI, models: ["m1"], apiKey: HardeningSecretsTests.envCanary)
            fileServer = try FakeOpenAIServer(flavour: .openAI, models: ["m2"], apiKey: HardeningSecretsTests.fileCanary)
            let closed = "http://127.0.0.1:\(try FakeHome.closedPort())"
            home = try HardeningHome.make(baseURL: envServer.baseURL, apiKeyEnv: "FAKE_API_KEY", extra: [
                "endpoints": [
                    "local": ["base_url": closed + "/v1"],
                    "fake": ["base_url": envServer.baseURL, "models": ["m1"], "api_key_env": "FAKE_API_KEY"],
                    "filed": ["base_url": fileServer.baseURL, "models": ["m2"], "api_key_env": "FILED_API_KEY"],
                ],
                "providers": ["ollama": ["base_url": closed], "openai": ["base_url": closed + "/v1"],
                              "anthropic": ["base_url": closed]],
            ])
            keyFile = home.path + "/filed.key"
            try (HardeningSecretsTests.fileCanary + "\n").write(toFile: keyFile, atomically: true, encoding: .utf8)
            chmod(keyFile, 0o600)
            environment = ["FAKE_API_KEY": HardeningSecretsTests.envCanary, "FILED_API_KEY_FILE": keyFile,
                           "OPENAI_API_KEY": HardeningSecretsTests.envCanary, "ANTHROPIC_API_KEY_FILE": keyFile]
        }
    }

    static func leaks(_ text: String) -> Bool {
        text.contains(envCanary) || text.contains(fileCanary)
    }

    static func leaks(_ bytes: [UInt8]) -> Bool {
        for canary in [envCanary, fileCanary] {
            let needle = Array(canary.utf8)
            if bytes.count >= needle.count {
                for start in 0...(bytes.count - needle.count) where bytes[start] == needle[0] {
                    if Array(bytes[start..<(start + needle.count)]) == needle { return true }
                }
            }
        }
        return false
    }

    /// Every file under `path` except `excluded`, that holds a canary.
    static func filesLeaking(under path: String, excluding excluded: Set<String>) -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: path)
        var found: [String] = []
        while let relative = enumerator?.nextObject() as? String {
            let full = path + "/" + relative
            guard !excluded.contains(full), let data = FileManager.default.contents(atPath: full) else { continue }
            if leaks([UInt8](data)) { found.append(relative) }
        }
        return found
    }

    /// The verbs run with the canaries, each as (arguments, behaviour of the env fake).
    static var runs: [([String], FakeBehaviour?)] {
        let echo = "Incorrect API key provided: \(envCanary). You can find your API key at https://example"
        return [
            (["ask", "hello"], .reply("a fine answer", tokens: 3)),
            (["ask", "--json", "hello again"], .reply("another answer", tokens: 3)),
            (["ask", "-m", "filed:m2", "from the file key"], nil),
            (["ask", "refused"], .failure(401, message: echo)),
            (["ask", "--json", "refused"], .failure(403, message: echo)),
            (["ask", "server error"], .failure(FakeBehaviour.Failure(status: 500, rawBody: "<h1>\(echo)</h1>"))),
            (["ask", "mid-stream"], FakeBehaviour.reply("partial words here", tokens: 3).failingMidStream(afterTokens: 2, message: echo)),
            (["ask", "rate limited"], .failure(429, message: echo, retryAfter: .milliseconds(10))),
            (["models"], nil), (["models", "--json"], nil), (["doctor"], nil), (["doctor", "--json"], nil),
            (["sessions", "list"], nil), (["sessions", "list", "--json"], nil),
            (["sessions", "show", "4"], nil), (["sessions", "show", "4", "--json"], nil),
            (["sessions", "show", "7", "--json"], nil), (["search", "answer"], nil), (["search", "refused", "--json"], nil),
            (["usage"], nil), (["usage", "--json"], nil),
        ]
    }

    @Test func canariesAppearInNoOutputFileOrCommandLine() async throws {
        let world = try World()
        defer { world.home.remove() }
        var problems: [String] = []
        var runsDone = 0
        for (arguments, behaviour) in Self.runs {
            if let behaviour { world.envServer.defaultBehaviour = behaviour }
            let result = try await AtelierProcess.run(arguments, home: world.home.path, environment: world.environment, timeout: 60)
            runsDone += 1
            if Self.leaks(result.stdout) { problems.append("\(arguments): stdout holds a canary") }
            if Self.leaks(result.stderr) { problems.append("\(arguments): stderr holds a canary: \(result.stderr.prefix(300))") }
        }
        // The keys were really used: both fakes accepted requests with them.
        #expect(world.envServer.script.servedChatCount >= 2)
        #expect(world.fileServer.script.servedChatCount == 1)
        // The same failures on a pseudo-terminal.
        world.envServer.defaultBehaviour = .failure(401, message: "bad key \(Self.envCanary)")
        let terminal = try await TerminalProcess.run(["ask", "on a terminal"], home: world.home.path, environment: world.environment)
        if Self.leaks(terminal.stdout) || Self.leaks(terminal.stderr) { problems.append("the terminal shows a canary") }
        #expect(terminal.stderrText.contains("[redacted]"), "\(terminal.stderrText)")
        let leakingFiles = Self.filesLeaking(under: world.home.path, excluding: [world.keyFile])
        #expect(leakingFiles.isEmpty, "files holding a canary: \(leakingFiles)")
        #expect(problems.isEmpty, "\(problems)")
        Hardening.report("secrets/outputs", [("runs", runsDone + 1), ("files_scanned", Self.fileCount(world.home.path)),
                                             ("leaks", problems.count + leakingFiles.count)])
    }

    static func fileCount(_ path: String) -> Int {
        var count = 0
        let enumerator = FileManager.default.enumerator(atPath: path)
        while enumerator?.nextObject() != nil { count += 1 }
        return count
    }

    @Test func aKeyFileReadableByOthersIsRefusedWithTheFix() async throws {
        let world = try World()
        defer { world.home.remove() }
        for mode in [0o644, 0o640, 0o604, 0o660, 0o606] as [mode_t] {
            chmod(world.keyFile, mode)
            let result = try await AtelierProcess.run(["ask", "-m", "filed:m2", "hi"], home: world.home.path,
                                                      environment: world.environment)
            #expect(result.status == 3, "\(String(mode, radix: 8)): \(result.stderr)")
            #expect(result.stderr.contains("chmod 600 "), "\(result.stderr)")
            #expect(result.stderr.contains(world.keyFile))
            #expect(!Self.leaks(result.stderr) && !Self.leaks(result.stdout))
            #expect(world.fileServer.script.servedChatCount == 0, "the key was not sent")
        }
    }

    @Test func keysInTheWrongPlaceAreNeverEchoed() async throws {
        let world = try World()
        defer { world.home.remove() }
        // A key pasted where a variable name belongs, a key with a space, a key file path
        // that is the key itself, a key file that is a folder.
        let cases: [([String: String], [String: Any])] = [
            ([:], ["endpoints": ["fake": ["base_url": world.envServer.baseURL, "api_key_env": Self.envCanary]]]),
            (["FAKE_API_KEY": Self.envCanary + " extra"], [:]),
            (["FAKE_API_KEY_FILE": world.home.path + "/" + Self.fileCanary], [:]),
            (["FAKE_API_KEY_FILE": world.home.path], [:]),
        ]
        for (environment, config) in cases {
            var env = world.environment
            env.removeValue(forKey: "FAKE_API_KEY")
            for (key, value) in environment { env[key] = value }
            var home = world.home.path
            if !config.isEmpty {
                let other = try HardeningHome.make(baseURL: world.envServer.baseURL, extra: config)
                home = other.path
            }
            for arguments in [["ask", "hi"], ["doctor"], ["models", "--json"]] {
                let result = try await AtelierProcess.run(arguments, home: home, environment: env)
                #expect(!Self.leaks(result.stderr) && !Self.leaks(result.stdout), "\(arguments): \(result.stderr.prefix(300))")
            }
            if !config.isEmpty { try? FileManager.default.removeItem(atPath: home) }
        }
    }
}
