import AtelierCLI
import Core
import Foundation
import Testing

@Suite struct SecretLoaderTests {
    static let canary = "sk-canary-7f3a9c1e5b2d8f4a6c0e9b1d3f5a7c9e"

    private func provider(_ name: String, in environment: ConfigEnvironment) throws -> ResolvedProvider {
        try #require(try ConfigLoader.load(environment).providers[name])
    }

    @Test func environmentVariableIsUsed() throws {
        let folder = try TemporaryFolder()
        let environment = folder.environment(["OPENAI_API_KEY": "  \(Self.canary)\n"])
        let secret = try SecretLoader(environment: environment).secret(for: provider("openai", in: environment))
        #expect(secret?.revealForHTTPHeader() == Self.canary)
    }

    @Test func keyFileNamedByFileVariableIsReadAndTrimmed() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("keys/openai", Self.canary + "\n\n", mode: 0o600)
        let environment = folder.environment(["OPENAI_API_KEY_FILE": file])
        let secret = try SecretLoader(environment: environment).secret(for: provider("openai", in: environment))
        #expect(secret?.revealForHTTPHeader() == Self.canary)
    }

    @Test func readOnlyOwnerFileIsAccepted() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("key", Self.canary, mode: 0o400)
        let environment = folder.environment(["ANTHROPIC_API_KEY_FILE": file])
        let secret = try SecretLoader(environment: environment).secret(for: provider("anthropic", in: environment))
        #expect(secret?.revealForHTTPHeader() == Self.canary)
    }

    @Test(arguments: [0o644, 0o640, 0o604, 0o620, 0o602, 0o666])
    func groupOrOtherAccessIsRefusedWithTheExactFix(_ mode: Int) throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("key", Self.canary, mode: mode)
        let environment = folder.environment(["OPENAI_API_KEY_FILE": file])
        let openai = try provider("openai", in: environment)
        let error = try #require(configError { try SecretLoader(environment: environment).secret(for: openai) })
        #expect(error.kind == .insecureKeyFile)
        #expect(error.hint == "chmod 600 \(file)")
        #expect(error.description.contains("chmod 600 \(file)"))
        #expect(error.description.contains(String(mode, radix: 8)))
        #expect(!error.description.contains(Self.canary))
    }

    @Test func pathWithSpacesIsQuotedInTheFix() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("my keys/openai key", Self.canary, mode: 0o644)
        let environment = folder.environment(["OPENAI_API_KEY_FILE": file])
        let openai = try provider("openai", in: environment)
        let error = try #require(configError { try SecretLoader(environment: environment).secret(for: openai) })
        #expect(error.hint == "chmod 600 '\(file)'")
    }

    @Test func emptyKeyFileIsAMissingKeyWithAClearMessage() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("key", " \n", mode: 0o600)
        let environment = folder.environment(["OPENROUTER_API_KEY_FILE": file])
        let openrouter = try provider("openrouter", in: environment)
        let error = try #require(configError { try SecretLoader(environment: environment).secret(for: openrouter) })
        #expect(error.kind == .emptyKeyFile)
        #expect(error.description.contains("empty"))
        #expect(error.description.contains(file))
    }

    @Test func missingKeyTellsBothWaysToGiveIt() throws {
        let folder = try TemporaryFolder()
        let environment = folder.environment()
        let openai = try provider("openai", in: environment)
        let error = try #require(configError { try SecretLoader(environment: environment).secret(for: openai) })
        #expect(error.kind == .missingKey)
        #expect(error.description.contains("OPENAI_API_KEY"))
        #expect(error.description.contains("OPENAI_API_KEY_FILE"))
    }

    @Test func providersWithoutKeysNeedNone() throws {
        let folder = try TemporaryFolder()
        let environment = folder.environment()
        let loader = SecretLoader(environment: environment)
        #expect(try loader.secret(for: provider("ollama", in: environment)) == nil)
        #expect(try loader.secret(for: provider("local", in: environment)) == nil)
    }

    @Test func endpointKeysComeFromItsVariableOrConfigFile() throws {
        let folder = try TemporaryFolder()
        try folder.write(".config/atelier/gpu.key", "gpu-key-1234\n", mode: 0o600)
        try folder.writeConfig("""
        {"endpoints": {
          "gpu": {"base_url": "http://gpu:8000/v1", "api_key_file": "gpu.key"},
          "vllm": {"base_url": "http://gpu:8001/v1", "api_key_env": "VLLM_KEY"}
        }}
        """)
        let environment = folder.environment(["VLLM_KEY_FILE": try folder.write("vllm", "vllm-key-5678", mode: 0o600)])
        let credentials = SecretLoader(environment: environment).credentials(for: try ConfigLoader.load(environment))
        #expect(try credentials.secret(for: "gpu")?.revealForHTTPHeader() == "gpu-key-1234")
        #expect(try credentials.secret(for: "vllm")?.revealForHTTPHeader() == "vllm-key-5678")
        #expect(try credentials.secret(for: "local") == nil)
        #expect(credentials.problems.keys.sorted() == ["anthropic", "openai", "openrouter"])
    }

    @Test func variableWinsOverFiles() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("key", "from-the-file", mode: 0o644)
        let environment = folder.environment(["OPENAI_API_KEY": "from-the-variable", "OPENAI_API_KEY_FILE": file])
        let secret = try SecretLoader(environment: environment).secret(for: provider("openai", in: environment))
        #expect(secret?.revealForHTTPHeader() == "from-the-variable")
    }

    @Test(arguments: ["two words", "line\r\nInjected: header", "tab\there", "ünïcode"])
    func keysThatCouldBreakTheHeaderAreRefused(_ key: String) throws {
        let folder = try TemporaryFolder()
        let environment = folder.environment(["OPENAI_API_KEY": key])
        let openai = try provider("openai", in: environment)
        let error = try #require(configError { try SecretLoader(environment: environment).secret(for: openai) })
        #expect(error.kind == .invalidKey)
        #expect(!error.description.contains(key.trimmingCharacters(in: .whitespacesAndNewlines)))
    }

    @Test func missingKeyFileWhosePathLooksLikeAKeyIsNotEchoed() throws {
        let folder = try TemporaryFolder()
        let environment = folder.environment(["OPENAI_API_KEY_FILE": Self.canary])
        let openai = try provider("openai", in: environment)
        let error = try #require(configError { try SecretLoader(environment: environment).secret(for: openai) })
        #expect(error.kind == .unreadableKeyFile)
        #expect(!error.description.contains(Self.canary))
    }

    @Test func keyPastedIntoApiKeyEnvIsRefusedWithoutEchoingIt() throws {
        let folder = try TemporaryFolder()
        try folder.writeConfig(#"{"endpoints": {"x": {"base_url": "http://x/v1", "api_key_env": "\#(Self.canary)"}}}"#)
        let error = try #require(configError { try ConfigLoader.load(folder.environment()) })
        #expect(error.field == "endpoints.x.api_key_env")
        #expect(!error.description.contains(Self.canary))
    }
}
