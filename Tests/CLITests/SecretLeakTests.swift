import AtelierCLI
import Core
import Foundation
import Testing

/// A canary key goes in through every source; it must come out only through `revealForHTTPHeader()`.
@Suite struct SecretLeakTests {
    static let canary = "sk-canary-LEAK-0123456789abcdef0123456789"

    private func everyTextualForm(of value: Any) -> [String] {
        var dumped = ""
        dump(value, to: &dumped)
        return [String(describing: value), String(reflecting: value), "\(value)", dumped]
    }

    @Test func secretNeverPrintsItsValue() throws {
        let secret = Secret(Self.canary)
        for text in everyTextualForm(of: secret) {
            #expect(!text.contains(Self.canary), "\(text)")
        }
        let json = String(decoding: try JSONEncoder().encode(["key": secret]), as: UTF8.self)
        #expect(!json.contains(Self.canary))
        #expect(json.contains("redacted"))
        #expect(Mirror(reflecting: secret).children.isEmpty)
        #expect(secret.revealForHTTPHeader() == Self.canary)
    }

    @Test func loadedConfigAndCredentialsNeverHoldTheKey() throws {
        let folder = try TemporaryFolder()
        let keyFile = try folder.write("anthropic.key", Self.canary + "-file\n", mode: 0o600)
        try folder.writeConfig(#"{"endpoints": {"gpu": {"base_url": "http://gpu:8000/v1", "api_key_env": "GPU_KEY"}}}"#)
        let environment = folder.environment([
            "OPENAI_API_KEY": Self.canary, "ANTHROPIC_API_KEY_FILE": keyFile, "GPU_KEY": Self.canary + "-gpu",
        ])
        let config = try ConfigLoader.load(environment)
        let credentials = SecretLoader(environment: environment).credentials(for: config)
        #expect(try credentials.secret(for: "openai")?.revealForHTTPHeader() == Self.canary)
        #expect(try credentials.secret(for: "anthropic")?.revealForHTTPHeader() == Self.canary + "-file")

        for text in everyTextualForm(of: config) + everyTextualForm(of: credentials) + everyTextualForm(of: environment) {
            #expect(!text.contains(Self.canary), "\(text.prefix(200))")
        }
        let json = String(decoding: try JSONEncoder().encode(config), as: UTF8.self)
        #expect(!json.contains(Self.canary))
    }

    @Test func errorsNeverCarryTheKey() throws {
        let folder = try TemporaryFolder()
        let insecure = try folder.write("k1", Self.canary, mode: 0o644)
        let environment = folder.environment([
            "OPENAI_API_KEY_FILE": insecure,
            "ANTHROPIC_API_KEY": Self.canary + " trailing words",
            "OPENROUTER_API_KEY_FILE": folder.path + "/" + Self.canary,
        ])
        let credentials = SecretLoader(environment: environment).credentials(for: try ConfigLoader.load(environment))
        let problems = credentials.problems
        #expect(problems.keys.sorted() == ["anthropic", "openai", "openrouter"])
        for error in problems.values {
            for text in everyTextualForm(of: error) + [error.providerError.description] {
                #expect(!text.contains(Self.canary), "\(text)")
            }
        }
    }

    @Test func redactorScrubsEveryKnownKey() throws {
        let folder = try TemporaryFolder()
        let environment = folder.environment(["OPENAI_API_KEY": Self.canary, "OPENROUTER_API_KEY": "sk-or-other-key"])
        let credentials = SecretLoader(environment: environment).credentials(for: try ConfigLoader.load(environment))
        let leaked = "HTTP 401 for Authorization: Bearer \(Self.canary); retried with sk-or-other-key and \(Self.canary)"
        let scrubbed = credentials.redactor.redact(leaked)
        #expect(scrubbed == "HTTP 401 for Authorization: Bearer [redacted]; retried with [redacted] and [redacted]")
        struct Failure: Error, CustomStringConvertible { var description: String }
        #expect(!credentials.redactor.redact(Failure(description: leaked)).contains(Self.canary))
    }

    @Test func redactorScrubsTheLongerOfOverlappingKeysWholeAndSkipsTinyOnes() {
        let redactor = Redactor([Secret("abcd"), Secret("abcdefgh"), Secret("x")])
        #expect(redactor.redact("k=abcdefgh; j=abcd; x marks") == "k=[redacted]; j=[redacted]; x marks")
    }
}
