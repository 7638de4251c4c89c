@testable import AtelierCLI
import Core
import Testing

/// Bugs the `config` fuzzer found, each pinned by a readable case (the minimized inputs
/// themselves are replayed from `Tests/Fuzz/Crashes/config` by `FuzzReplayTests`).
@Suite struct FuzzReplayRegressionTests {
    static let environment = ConfigEnvironment(variables: ["HOME": "/home/t"], currentDirectory: "/home/t")

    /// A number that does not fit its field was reported as "config.json: : invalid value:
    /// The given data was not valid JSON." — no line, an empty field, and wrong (the file is
    /// valid JSON), because Foundation on Linux reports it so without a coding path.
    @Test(arguments: [
        ("{\"models\":{\"\":{\"context_window\":2.7}}}", "models.\"\".context_window", "whole number, found 2.7", 1),
        ("{\n\"providers\": {\"ollama\": {\"max_concurrent\": 1e30}}}", "providers.ollama.max_concurrent", "whole number", 2),
        ("{\"timeouts\":\n\n {\"connect\": 1e999}}", "timeouts.connect", "found a number out of range", 3),
        ("{\"models\": {\"a:b\": {\"price_per_1k_input\": -1e400}}}", "models.\"a:b\".price_per_1k_input", "a number", 1),
    ])
    func unrepresentableNumbersNameTheirFieldAndLine(_ text: String, _ field: String, _ phrase: String, _ line: Int) throws {
        let error = try #require(throws: ConfigError.self) {
            try ConfigLoader.load(contents: Array(text.utf8), environment: Self.environment)
        }
        #expect(error.kind == .malformedFile)
        #expect(error.field == field)
        #expect(error.line == line)
        #expect(error.message.contains(phrase), "\(error.message)")
        #expect(!error.description.contains(": :"))
        #expect(!error.message.contains("not valid JSON"))
    }

    @Test func representableNumbersStillLoad() throws {
        let text = #"{"models": {"a:b": {"context_window": 1e3, "max_output": 4096.0, "price_per_1k_input": 5e-324}},"#
            + #" "providers": {"ollama": {"max_concurrent": 2}}, "timeouts": {"connect": 0.5}}"#
        let config = try ConfigLoader.load(contents: Array(text.utf8), environment: Self.environment)
        let override = try #require(config.modelOverrides[ModelRef(provider: "a", model: "b")])
        #expect(override.contextWindow == 1000)
        #expect(override.maxOutput == 4096)
        #expect(config.providers["ollama"]?.maxConcurrent == 2)
        #expect(config.timeouts.connect == 0.5)
    }

    /// A `\u` escape with a sign (`\u+aae`, `\u-001`) passed the locator's syntax check, so
    /// Foundation's refusal came without a line ("The given data was not valid JSON.").
    @Test(arguments: [#"{"\u+aae":3}"#, "{\n\"a\": \"\\u-001\"}", #"{"a": ["\u 123"]}"#])
    func signedUnicodeEscapesAreSyntaxErrorsWithALine(_ text: String) throws {
        let error = try #require(throws: ConfigError.self) {
            try ConfigLoader.load(contents: Array(text.utf8), environment: Self.environment)
        }
        #expect(error.kind == .malformedFile)
        #expect(error.line != nil && error.column != nil)
        #expect(error.message.contains("four hex digits"), "\(error.message)")
    }

    @Test func validUnicodeEscapesStillLoad() throws {
        let text = #"{"default_model": "\u006Fllama:llama\u0033"}"#
        let config = try ConfigLoader.load(contents: Array(text.utf8), environment: Self.environment)
        #expect(config.defaultModel.description == "ollama:llama3")
    }

    /// An unpaired UTF-16 surrogate escape (`\udc00`, `\ud83d` alone or before another
    /// escape) passed the locator as U+FFFD while Foundation refuses it, so again no line.
    @Test(arguments: [#"{"\udc00":0}"#, #"{"a": "\ud83d"}"#, #"{"a": "\ud83dx"}"#, #"{"a": "\ud83d\u0041"}"#, #"{"a": "\ud83d\ud83d"}"#])
    func unpairedSurrogateEscapesAreSyntaxErrorsWithALine(_ text: String) throws {
        let error = try #require(throws: ConfigError.self) {
            try ConfigLoader.load(contents: Array(text.utf8), environment: Self.environment)
        }
        #expect(error.line == 1 && error.column != nil)
        #expect(error.message.contains("surrogates must come in pairs"), "\(error.message)")
    }

    @Test func surrogatePairsStillLoad() throws {
        let text = #"{"roles": {"luna": "ollama:llama3"}, "colour\ud83d\ude00": 1}"#
        let config = try ConfigLoader.load(contents: Array(text.utf8), environment: Self.environment)
        #expect(config.warnings.contains { $0.contains("colour\u{1F600}") }, "\(config.warnings)")
    }

    /// A percent-encoded host was decoded into the normalised URL: `%12` or `%1B` put a raw
    /// control character into the URL (and every message showing it), `%2F` moved the path
    /// into the host (`http://h%2Fx/v1` became `http://h/x/v1`).
    @Test(arguments: ["http://%12", "http://%1b:8080/v1", "http://h%2Fx/v1", "http://a%20b/v1", "http://ex%2541mple.com",
                      "http://h%3Fq=1/v1", "http://h%40evil/v1", "http://%22d", "http://a%3Cb%3E/v1", "http://a%7Bb"])
    func percentEncodedHostsAreRefused(_ url: String) throws {
        #expect(throws: BaseURL.Problem.self) { try BaseURL.normalize(url) }
        let text = "{\"endpoints\": {\"box\": {\"base_url\": \"\(url)\"}}}"
        let error = try #require(throws: ConfigError.self) {
            try ConfigLoader.load(contents: Array(text.utf8), environment: Self.environment)
        }
        #expect(error.message.contains("not a plain host name"), "\(error.message)")
        #expect(error.description.unicodeScalars.allSatisfy { $0.value >= 0x20 })
    }

    @Test func plainHostsStillNormalise() throws {
        #expect(try BaseURL.normalize("http://ex%41mple.com/v1/") == "http://example.com/v1")
        #expect(try BaseURL.normalize("http://[::1]:8000/v1") == "http://[::1]:8000/v1")
        let zoned = try BaseURL.normalize("http://[fe80::1%25eth0]:80/v1")
        #expect(try BaseURL.normalize(zoned) == zoned)
    }
}
