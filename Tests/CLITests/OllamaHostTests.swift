import AtelierCLI
import Testing

@Suite struct OllamaHostTests {
    @Test(arguments: [
        ("127.0.0.1", "http://127.0.0.1:11434"),
        ("0.0.0.0", "http://127.0.0.1:11434"),
        ("0.0.0.0:11434", "http://127.0.0.1:11434"),
        ("gpu-box", "http://gpu-box:11434"),
        ("gpu-box:8000", "http://gpu-box:8000"),
        (":11500", "http://127.0.0.1:11500"),
        ("http://gpu-box:11434", "http://gpu-box:11434"),
        ("http://gpu-box:11434/", "http://gpu-box:11434"),
        ("http://gpu-box", "http://gpu-box:80"),
        ("https://ollama.example.com", "https://ollama.example.com:443"),
        ("https://example.com/ollama/", "https://example.com:443/ollama"),
        ("  \"GPU-Box:11434\"  ", "http://gpu-box:11434"),
        ("[::1]:11434", "http://[::1]:11434"),
        ("[::]", "http://[::1]:11434"),
        ("::", "http://[::1]:11434"),
        ("", "http://127.0.0.1:11434"),
    ])
    func normalisesLikeOllama(_ value: String, _ expected: String) throws {
        let result = try OllamaHost.normalize(value)
        #expect(result.url == expected)
        #expect(result.warning == nil)
    }

    @Test func invalidPortFallsBackWithAWarning() throws {
        let result = try OllamaHost.normalize("gpu-box:99999")
        #expect(result.url == "http://gpu-box:11434")
        #expect(result.warning?.contains("99999") == true)
    }

    @Test func otherSchemesAreRefused() {
        #expect(throws: BaseURL.Problem.self) { try OllamaHost.normalize("ftp://gpu-box") }
    }

    @Test(arguments: [
        ("http://Host:8080/v1/", "http://host:8080/v1"),
        ("https://api.openai.com/v1", "https://api.openai.com/v1"),
        (" http://[::1]:8080 ", "http://[::1]:8080"),
    ])
    func baseURLsAreNormalised(_ input: String, _ expected: String) throws {
        #expect(try BaseURL.normalize(input) == expected)
    }

    @Test(arguments: ["", "localhost:8080", "ftp://x", "http://", "http://user:pw@host/v1", "http://h/v1?x=1",
                      "http://a b"])
    func badBaseURLsAreRefused(_ input: String) {
        #expect(throws: BaseURL.Problem.self) { try BaseURL.normalize(input) }
    }

    @Test(arguments: [("127.0.0.1", true), ("localhost", true), ("10.1.2.3", true), ("192.168.1.9", true),
                      ("172.20.0.1", true), ("172.32.0.1", false), ("::1", true), ("gpu.local", true),
                      ("api.openai.com", false), ("8.8.8.8", false), ("fdab::1", true)])
    func localHosts(_ host: String, _ local: Bool) {
        #expect(BaseURL.isLocalHost(host) == local)
    }
}
